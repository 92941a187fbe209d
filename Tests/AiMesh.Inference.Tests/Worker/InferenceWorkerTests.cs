using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Extensions;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Inference.Worker;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.Tests.Redis;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Inference.Tests.Worker;

/// <summary>
/// The whole service against a mock Kafka cluster, a real Redis and a fake Ai replica. The mock's first
/// group join takes about 3 s, so every wait is generous and nothing asserts on speed.
/// </summary>
public sealed class InferenceWorkerTests : IAsyncLifetime
{
    private WorkerTestServers _servers = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _servers = await WorkerTestServers.StartAsync();

    public ValueTask DisposeAsync() => _servers.DisposeAsync();

    [Fact]
    public async Task Every_submitted_text_comes_back_on_result_topic_under_its_id_and_status_shows_the_partitions()
    {
        await using var redis = await RedisServer.StartAsync();
        var texts = Enumerable.Range(0, 24).Select(i => InferenceHarness.Text($"text number {i % 8} is good")).ToList();
        await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, texts);
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);
        await using var app = new InferenceApp(InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis.ConnectionString));
        using var http = app.CreateClient();

        await results.WaitForAllAsync(texts.Select(text => text.Id));

        foreach (var text in texts)
        {
            var (key, result) = results.Results[text.Id];
            Assert.Equal(text.Id.ToString(), key);
            Assert.Equal((text.Text, "positive", "inference-" + InferenceApp.InstanceId), (result.Text, result.Label, result.InferenceInstance));
        }

        // Messages are handled many at once, so two copies of a text may both miss the cache; each
        // distinct text reached the Ai service at least once, and every miss is one text asked.
        Assert.Equal(8, _servers.Ai.Requests.Select(request => request.Text).Distinct().Count());
        var dataPartitions = KafkaTestClients.Partitions(_servers.Kafka.BootstrapServers, Topics.Data);
        var status = await http.GetFromJsonAsync<JsonElement>("/api/status", Cancellation).DefaultTimeout();
        Assert.Equal("inference-" + InferenceApp.InstanceId, status.GetProperty("instance").GetString());
        Assert.Equal("sentiment", status.GetProperty("model").GetString());
        Assert.Equal(dataPartitions, status.GetProperty("assignedPartitions").EnumerateArray().Select(partition => partition.GetInt32()));
        Assert.Equal(24, status.GetProperty("processed").GetInt64());
        Assert.Equal(24, status.GetProperty("cacheHits").GetInt64() + status.GetProperty("cacheMisses").GetInt64());
        Assert.Equal(_servers.Ai.Calls, status.GetProperty("cacheMisses").GetInt64());
        Assert.Equal(0, status.GetProperty("inFlight").GetInt32());
        Assert.False(status.GetProperty("paused").GetBoolean());
        Assert.False(status.TryGetProperty("lastError", out _));

        var health = await http.GetAsync("/health", Cancellation).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task An_LLM_text_is_answered_through_the_whole_service_by_a_client_the_standard_HTTP_timeouts_do_not_cut_off()
    {
        // The answer begins later than the standard resilience handler's attempt timeout allows: had the
        // answer client kept that handler, every attempt would be cut off and no result would come.
        _servers.Ai.RespondToAnswer = (_, request) => Task.FromResult<IResult?>(_servers.Ai.DefaultAnswer(request.Model, headersDelay: TimeSpan.FromSeconds(1.5)));
        var settings = InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        settings["HttpClientDefaults:Resilience:AttemptTimeout:Timeout"] = "00:00:00.500";
        var text = InferenceHarness.Text("Why is the sky blue?", model: "llm");
        await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, [text]);
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);
        using var answers = new AnswerTopicReader(_servers.Kafka.BootstrapServers);

        await using var app = new InferenceApp(settings);
        _ = app.Services;
        var result = await results.WaitForAsync(text.Id);

        Assert.Equal(
            (InferenceResult.AnswerLabel, FakeAiServer.WholeAnswer, "llm", "ai-fake", "inference-" + InferenceApp.InstanceId),
            (result.Label, result.Answer, result.Model, result.AiInstance, result.InferenceInstance));
        Assert.Equal(1, _servers.Ai.AnswerCalls);
        var pieces = await answers.WaitForAsync(text.Id, FakeAiServer.AnswerPieces.Count);
        Assert.Equal(FakeAiServer.AnswerPieces, pieces.Select(read => read.Chunk.Text));
        Assert.Equal([0, 1, 2], pieces.Select(read => read.Chunk.Sequence));
    }

    [Theory]
    [InlineData("not a TextSubmitted")]
    [InlineData("""{"id":"0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","acceptedAt":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"text":"no id","acceptedAt":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"id":"0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","text":"poison pill \ufffe","acceptedAt":"2026-01-01T00:00:00Z"}""")]
    public async Task A_poison_message_goes_to_the_dead_letter_topic_and_the_texts_behind_it_are_processed(string value)
    {
        var before = InferenceHarness.Text("before the poison");
        await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, [before], new Partition(0));
        var poison = await KafkaTestClients.SubmitRawAsync(_servers.Kafka.BootstrapServers, new Partition(0), System.Text.Encoding.UTF8.GetBytes(value));
        var after = InferenceHarness.Text("after the poison");
        var last = Assert.Single(await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, [after], new Partition(0)));
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);

        await using (var app = new InferenceApp(InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null)))
        {
            using var http = app.CreateClient();
            await results.WaitForAsync(before.Id);
            await results.WaitForAsync(after.Id);

            var status = await http.GetFromJsonAsync<JsonElement>("/api/status", Cancellation).DefaultTimeout();
            Assert.Equal(1, status.GetProperty("deadLettered").GetInt64());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health", Cancellation).DefaultTimeout()).StatusCode);
        }

        var letter = Assert.Single(KafkaTestClients.DeadLetters(_servers.Kafka.BootstrapServers));
        var dead = DeadLetter.From(letter);
        Assert.Equal((Topics.Data, 0, poison.Offset.Value, "poison"), (dead.SourceTopic, dead.SourcePartition!.Value, dead.SourceOffset!.Value, dead.Key));
        Assert.Equal(value, dead.Value);

        // Disposing the app closed its consumer, which commits what was stored: past the poison and what followed.
        var committed = Assert.Single(KafkaTestClients.Committed(_servers.Kafka.BootstrapServers, InferenceHostingExtensions.ConsumerGroup, [last.TopicPartition]));
        Assert.Equal(last.Offset + 1, committed.Offset);
    }

    [Fact]
    public async Task A_text_that_never_got_a_result_is_not_committed_and_is_handled_after_a_restart()
    {
        _servers.Ai.Respond = (_, _) => Task.FromResult<IResult?>(TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable));
        var text = InferenceHarness.Text("the Ai service is down");
        var written = Assert.Single(await KafkaTestClients.SubmitAsync(_servers.Kafka.BootstrapServers, [text]));
        using var results = new ResultTopicReader(_servers.Kafka.BootstrapServers);

        var settings = InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        settings["Inference:MaxAttempts"] = "1000";
        await using (var app = new InferenceApp(settings))
        {
            var status = app.Services.GetRequiredService<WorkerStatus>();
            await AsyncTestHelpers.WaitUntilAsync(() => _servers.Ai.Calls >= 6 && status.LastError is not null);
        }

        var uncommitted = Assert.Single(KafkaTestClients.Committed(_servers.Kafka.BootstrapServers, InferenceHostingExtensions.ConsumerGroup, [written.TopicPartition]));
        Assert.Equal(Offset.Unset, uncommitted.Offset);
        Assert.False(results.Results.ContainsKey(text.Id));

        _servers.Ai.Respond = (_, _) => Task.FromResult<IResult?>(null);
        await using (var restarted = new InferenceApp(InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null)))
        {
            _ = restarted.Services;
            Assert.Equal(text.Id, (await results.WaitForAsync(text.Id)).Id);
        }

        var committed = Assert.Single(KafkaTestClients.Committed(_servers.Kafka.BootstrapServers, InferenceHostingExtensions.ConsumerGroup, [written.TopicPartition]));
        Assert.Equal(written.Offset + 1, committed.Offset);
    }

    [Fact]
    public async Task Without_a_Redis_connection_string_the_service_runs_without_a_cache()
    {
        await using var app = new InferenceApp(InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null));

        Assert.IsType<NoAnswerCache>(app.Services.GetRequiredService<IAnswerCache>());
        Assert.Contains(app.Logs.Entries, entry => entry.Message.Contains("No ConnectionStrings:redis", StringComparison.Ordinal));
    }

    [Fact]
    public void Unusable_options_stop_the_service_at_start_naming_the_key()
    {
        var settings = InferenceApp.Settings(_servers.Kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        settings["Inference:CacheTtl"] = "00:00:00";
        using var app = new InferenceApp(settings);

        var failure = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Inference:CacheTtl", failure.ToString(), StringComparison.Ordinal);
    }
}
