using AiMesh.Contracts;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Kafka;
using StackExchange.Redis;

namespace AiMesh.Inference.Tests.Processing;

/// <summary>
/// Which model a text gets and which way it goes: none named is the configured model, as before; a
/// built-in one named is asked for and cached under its own name; an LLM model is answered afresh every time.
/// </summary>
public sealed class ModelChoiceTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private HandlerTestServers _servers = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _servers = await HandlerTestServers.StartAsync(kafka.BootstrapServers, withRedis: true);

    public ValueTask DisposeAsync() => _servers.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Sentiment")]
    public async Task A_text_naming_no_other_model_gets_the_configured_one_without_the_model_list_being_asked_for(string? model)
    {
        await using var harness = Harness();
        var first = InferenceHarness.Text("Today's path is a good one", model);
        var again = InferenceHarness.Text("Today's path is a good one", model);

        var result = await harness.Handler.HandleAsync(first, Cancellation).DefaultTimeout();
        var cached = await harness.Handler.HandleAsync(again, Cancellation).DefaultTimeout();

        Assert.Equal(new InferRequest(first.Text, "sentiment"), Assert.Single(_servers.Ai.Requests));
        Assert.Equal(("positive", "sentiment", false), (result.Label, result.Model, result.Cached));
        Assert.True(cached.Cached);
        Assert.Null(result.Answer);
        Assert.Equal((0, 0), (_servers.Ai.ModelListCalls, _servers.Ai.AnswerCalls));
        Assert.True(await KeyExistsAsync(CacheKey.For("sentiment", first.Text)));
        Assert.Equal(result, await _servers.Results.WaitForAsync(first.Id));
    }

    [Fact]
    public async Task A_built_in_model_named_on_the_text_is_asked_for_instead_and_cached_under_its_own_name()
    {
        await using var harness = Harness();
        var named = InferenceHarness.Text("A fast model for a good text", model: "sentiment-fast");
        var unnamed = InferenceHarness.Text("A fast model for a good text");

        var result = await harness.Handler.HandleAsync(named, Cancellation).DefaultTimeout();
        var otherModel = await harness.Handler.HandleAsync(unnamed, Cancellation).DefaultTimeout();

        Assert.Equal(
            [new InferRequest(named.Text, "sentiment-fast"), new InferRequest(unnamed.Text, "sentiment")],
            _servers.Ai.Requests);
        Assert.Equal(("sentiment-fast", false), (result.Model, result.Cached));
        Assert.Equal(("sentiment", false), (otherModel.Model, otherModel.Cached));
        Assert.True(await KeyExistsAsync(CacheKey.For("sentiment-fast", named.Text)));
        Assert.Equal(0, _servers.Ai.AnswerCalls);
        Assert.Equal(result, await _servers.Results.WaitForAsync(named.Id));
    }

    [Fact]
    public async Task A_model_the_Ai_service_does_not_list_as_an_LLM_goes_to_api_infer_which_judges_it()
    {
        await using var harness = Harness();
        var text = InferenceHarness.Text("Which model is this?", model: "no-such-model");

        await harness.Handler.HandleAsync(text, Cancellation).DefaultTimeout();

        Assert.Equal("no-such-model", Assert.Single(_servers.Ai.Requests).Model);
        Assert.Equal((1, 0), (_servers.Ai.ModelListCalls, _servers.Ai.AnswerCalls));
    }

    [Fact]
    public async Task An_LLM_answer_is_never_cached_so_the_same_text_is_answered_afresh()
    {
        await using var harness = Harness();

        var first = await harness.Handler.HandleAsync(InferenceHarness.Text("Tell me a joke", model: "llm"), Cancellation).DefaultTimeout();
        var second = await harness.Handler.HandleAsync(InferenceHarness.Text("Tell me a joke", model: "llm"), Cancellation).DefaultTimeout();

        Assert.Equal((false, false), (first.Cached, second.Cached));
        Assert.Equal(2, _servers.Ai.AnswerCalls);
        Assert.Equal(0, _servers.Ai.Calls);
        Assert.False(await KeyExistsAsync(CacheKey.For("llm", "Tell me a joke")));
    }

    private InferenceHarness Harness() => InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, _servers.Redis.CreateOptions());

    private async Task<bool> KeyExistsAsync(string key)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_servers.Redis.CreateOptions()).DefaultTimeout();
        return await redis.GetDatabase().KeyExistsAsync(key).DefaultTimeout();
    }
}
