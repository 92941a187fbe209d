using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Kafka;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AiMesh.Inference.Tests.Processing;

/// <summary>Cache → Ai → produce, against a real Redis, a real (mock) Kafka and fake Ai replicas.</summary>
public sealed class InferenceHandlerTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private HandlerTestServers _servers = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _servers = await HandlerTestServers.StartAsync(kafka.BootstrapServers, withRedis: true);

    public ValueTask DisposeAsync() => _servers.DisposeAsync();

    [Fact]
    public async Task A_miss_asks_the_Ai_service_caches_the_answer_for_the_ttl_and_publishes_the_result()
    {
        await using var harness = Harness(_servers.Ai);
        var text = InferenceHarness.Text("This is a good day");

        var result = await harness.Handler.HandleAsync(text, Cancellation).DefaultTimeout();

        Assert.Equal(1, _servers.Ai.Calls);
        Assert.Equal(new InferRequest("This is a good day", "sentiment"), Assert.Single(_servers.Ai.Requests));
        Assert.False(result.Cached);
        Assert.Equal(("positive", 0.9, "sentiment", "ai-a"), (result.Label, result.Score, result.Model, result.AiInstance));
        Assert.Equal(harness.InstanceName, result.InferenceInstance);
        Assert.Equal((text.Id, text.Text, text.AcceptedAt), (result.Id, result.Text, result.AcceptedAt));
        Assert.True(result.CompletedAt >= text.AcceptedAt);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(_servers.Redis.CreateOptions()).DefaultTimeout();
        var key = CacheKey.For("sentiment", text.Text);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key).DefaultTimeout();
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, harness.Options.CacheTtl - TimeSpan.FromMinutes(1), harness.Options.CacheTtl);
        var stored = JsonSerializer.Deserialize<JsonElement>((string)(await redis.GetDatabase().StringGetAsync(key).DefaultTimeout())!);
        Assert.Equal("positive", stored.GetProperty("label").GetString());
        Assert.Equal("ai-a", stored.GetProperty("aiInstance").GetString());

        await _servers.Results.WaitForAsync(text.Id);
        var (messageKey, published) = _servers.Results.Results[text.Id];
        Assert.Equal(text.Id.ToString(), messageKey);
        Assert.Equal(result, published);
    }

    [Fact]
    public async Task The_same_text_again_comes_from_the_cache_without_asking_the_Ai_service()
    {
        await using var harness = Harness(_servers.Ai);
        var first = InferenceHarness.Text("Cached text, spaced one way");
        var second = InferenceHarness.Text("  Cached text,\tspaced   one way\n");

        await harness.Handler.HandleAsync(first, Cancellation).DefaultTimeout();
        var result = await harness.Handler.HandleAsync(second, Cancellation).DefaultTimeout();

        Assert.Equal(1, _servers.Ai.Calls);
        Assert.True(result.Cached);
        Assert.Equal(("negative", "ai-a"), (result.Label, result.AiInstance));
        Assert.Equal(second.Text, result.Text);
        Assert.True((await _servers.Results.WaitForAsync(second.Id)).Cached);
    }

    [Fact]
    public async Task Replicas_share_the_cache_and_a_cached_answer_keeps_the_Ai_replica_that_computed_it()
    {
        await using var otherAi = await FakeAiServer.StartAsync("ai-b");
        await using var replicaA = Harness(_servers.Ai, instanceId: "a");
        await using var replicaB = Harness(otherAi, instanceId: "b");

        var onA = await replicaA.Handler.HandleAsync(InferenceHarness.Text("shared good text"), Cancellation).DefaultTimeout();
        var sameOnB = await replicaB.Handler.HandleAsync(InferenceHarness.Text("shared good text"), Cancellation).DefaultTimeout();
        var newOnB = await replicaB.Handler.HandleAsync(InferenceHarness.Text("only on b"), Cancellation).DefaultTimeout();

        Assert.Equal(("ai-a", false, "inference-a"), (onA.AiInstance, onA.Cached, onA.InferenceInstance));
        Assert.Equal(("ai-a", true, "inference-b"), (sameOnB.AiInstance, sameOnB.Cached, sameOnB.InferenceInstance));
        Assert.Equal(("ai-b", false), (newOnB.AiInstance, newOnB.Cached));
        Assert.Equal(1, otherAi.Calls);
    }

    [Fact]
    public async Task With_Redis_stopped_every_text_still_gets_an_uncached_result_and_the_outage_is_logged_once()
    {
        await using var harness = Harness(_servers.Ai);
        await _servers.Redis.DisposeAsync();
        var texts = Enumerable.Range(0, 3).Select(_ => InferenceHarness.Text("the same text while Redis is down")).ToList();

        foreach (var text in texts)
        {
            var result = await harness.Handler.HandleAsync(text, Cancellation).DefaultTimeout();
            Assert.False(result.Cached);
        }

        Assert.Equal(3, _servers.Ai.Calls);
        await _servers.Results.WaitForAllAsync(texts.Select(text => text.Id));
        var warning = Assert.Single(harness.Logs.For<CircuitBreakingAnswerCache>(LogLevel.Warning));
        Assert.Contains("going on without the cache", warning.Message, StringComparison.Ordinal);
        Assert.Contains("circuit breaker opened", Assert.Single(harness.Logs.For<CacheCircuit>(LogLevel.Warning)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Redis_that_never_answers_is_given_up_on_after_the_cache_timeout()
    {
        await using var silent = new SilentTcpServer();
        var hungRedis = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", silent.Port } },
            Password = "irrelevant",
            AbortOnConnectFail = false,
            // The multiplexer is built when the store is, and building it waits for the connect timeout,
            // so that stays short. Commands then queue for the multiplexer's reconnect for far longer
            // than the test's timeout: only the cache timeout can end the wait in time.
            ConnectTimeout = 1000,
            SyncTimeout = (int)TimeSpan.FromMinutes(10).TotalMilliseconds,
            AsyncTimeout = (int)TimeSpan.FromMinutes(10).TotalMilliseconds,
        };
        await using var harness = InferenceHarness.Create(
            kafka.BootstrapServers,
            _servers.Ai.Address,
            hungRedis,
            options => options.CacheTimeout = TimeSpan.FromMilliseconds(100));
        var text = InferenceHarness.Text("a text while Redis hangs");

        var result = await harness.Handler.HandleAsync(text, Cancellation).DefaultTimeout();

        Assert.False(result.Cached);
        Assert.Equal(1, _servers.Ai.Calls);
        Assert.Contains("no reply within 100 ms", Assert.Single(harness.Logs.For<CircuitBreakingAnswerCache>(LogLevel.Warning)).Message, StringComparison.Ordinal);
        await _servers.Results.WaitForAsync(text.Id);
    }

    [Fact]
    public async Task Without_a_cache_every_text_goes_to_the_Ai_service()
    {
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);

        var first = await harness.Handler.HandleAsync(InferenceHarness.Text("uncached"), Cancellation).DefaultTimeout();
        var second = await harness.Handler.HandleAsync(InferenceHarness.Text("uncached"), Cancellation).DefaultTimeout();

        Assert.False(first.Cached);
        Assert.False(second.Cached);
        Assert.Equal(2, _servers.Ai.Calls);
    }

    private InferenceHarness Harness(FakeAiServer ai, string instanceId = "test") =>
        InferenceHarness.Create(kafka.BootstrapServers, ai.Address, _servers.Redis.CreateOptions(), instanceId: instanceId);
}
