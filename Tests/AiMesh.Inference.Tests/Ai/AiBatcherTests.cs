using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Kafka;
using Microsoft.AspNetCore.Http;

namespace AiMesh.Inference.Tests.Ai;

/// <summary>Texts asked for one at a time by many messages, sent to the Ai service together.</summary>
public sealed class AiBatcherTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private FakeAiServer _ai = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _ai = await FakeAiServer.StartAsync("ai-a");

    public async ValueTask DisposeAsync() => await _ai.DisposeAsync();

    [Fact]
    public async Task Texts_asked_for_at_once_go_in_one_batch_and_each_gets_its_own_prediction()
    {
        await using var harness = Harness(window: TimeSpan.FromMilliseconds(300));
        List<string> texts = [.. Enumerable.Range(0, 10).Select(i => i % 3 == 0 ? $"good text {i}" : $"plain text {i}")];

        var answers = await Task.WhenAll(texts.Select(text => harness.Batcher.InferAsync(new InferRequest(text, "sentiment"), Cancellation))).DefaultTimeout();

        var batch = Assert.Single(_ai.BatchRequests);
        Assert.Equal(texts, batch.Texts);
        Assert.Equal("sentiment", batch.Model);
        Assert.Equal(texts.Select(FakeAiServer.LabelFor), answers.Select(answer => answer.Label));
        Assert.All(answers, answer => Assert.Equal(("sentiment", "ai-a", FakeAiServer.BatchModelVersion), (answer.Model, answer.Instance, answer.ModelVersion)));
    }

    [Fact]
    public async Task A_full_batch_goes_without_waiting_out_the_window_and_the_texts_beyond_it_go_in_the_next()
    {
        // An hour's window: had a full batch waited it out, the texts would never be answered in this test.
        await using var harness = Harness(window: TimeSpan.FromHours(1), maxBatchSize: 4);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => harness.Batcher.InferAsync(new InferRequest($"text {i}", "sentiment"), Cancellation))).DefaultTimeout();

        Assert.Equal(8, answers.Length);
        Assert.Equal([4, 4], _ai.BatchRequests.Select(batch => batch.Texts.Count));
    }

    [Fact]
    public async Task Texts_for_different_models_go_in_batches_of_their_own()
    {
        await using var harness = Harness(window: TimeSpan.FromMilliseconds(300));

        var answers = await Task.WhenAll(
            harness.Batcher.InferAsync(new InferRequest("one", "sentiment"), Cancellation),
            harness.Batcher.InferAsync(new InferRequest("two", "sentiment-fast"), Cancellation),
            harness.Batcher.InferAsync(new InferRequest("three", "sentiment"), Cancellation)).DefaultTimeout();

        Assert.Equal(["sentiment", "sentiment-fast", "sentiment"], answers.Select(answer => answer.Model));
        Assert.Equal(2, _ai.BatchCalls);
        Assert.Contains(_ai.BatchRequests, batch => batch.Model == "sentiment" && batch.Texts.SequenceEqual(["one", "three"]));
        Assert.Contains(_ai.BatchRequests, batch => batch.Model == "sentiment-fast" && batch.Texts.SequenceEqual(["two"]));
    }

    [Fact]
    public async Task A_refused_batch_is_asked_again_text_by_text_so_only_the_bad_text_is_rejected()
    {
        _ai.RespondToBatch = (_, _) => Task.FromResult<IResult?>(TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["texts[1]"] = ["Text 1 is too long."] }, detail: "Text 1 is too long."));
        _ai.Respond = (_, request) => Task.FromResult<IResult?>(request.Text == "the bad one"
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The text is too long.")
            : null);
        await using var harness = Harness(window: TimeSpan.FromMilliseconds(300));

        var good = harness.Batcher.InferAsync(new InferRequest("a good one", "sentiment"), Cancellation);
        var bad = harness.Batcher.InferAsync(new InferRequest("the bad one", "sentiment"), Cancellation);
        var plain = harness.Batcher.InferAsync(new InferRequest("a plain one", "sentiment"), Cancellation);

        Assert.Equal("positive", (await good.DefaultTimeout()).Label);
        Assert.Equal("negative", (await plain.DefaultTimeout()).Label);
        var rejected = await Assert.ThrowsAsync<AiRequestRejectedException>(() => bad.DefaultTimeout());
        Assert.Contains("too long", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(1, _ai.BatchCalls);
        Assert.Equal(["a good one", "a plain one", "the bad one"], _ai.Requests.Select(request => request.Text).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(StatusCodes.Status503ServiceUnavailable)]
    [InlineData(StatusCodes.Status429TooManyRequests)]
    public async Task When_the_Ai_service_cannot_answer_the_batch_each_text_fails_as_unavailable_with_its_own_exception(int statusCode)
    {
        _ai.RespondToBatch = (_, _) => Task.FromResult<IResult?>(TypedResults.Problem(statusCode: statusCode, detail: "warming up"));
        await using var harness = Harness(window: TimeSpan.FromMilliseconds(300));

        var texts = Enumerable.Range(0, 3).Select(i => harness.Batcher.InferAsync(new InferRequest($"text {i}", "sentiment"), Cancellation)).ToList();

        var failures = new List<AiUnavailableException>();
        foreach (var text in texts)
        {
            failures.Add(await Assert.ThrowsAsync<AiUnavailableException>(() => text.DefaultTimeout()));
        }

        Assert.All(failures, failure => Assert.Contains("warming up", failure.Message, StringComparison.Ordinal));
        Assert.Equal(3, failures.Distinct().Count());
        Assert.Equal(1, _ai.BatchCalls);
        Assert.Empty(_ai.Requests);
    }

    [Fact]
    public async Task An_unreachable_Ai_service_fails_each_text_as_unavailable()
    {
        await using var harness = InferenceHarness.Create(
            kafka.BootstrapServers,
            new Uri($"http://127.0.0.1:{AiMesh.Tests.Ports.Closed()}"),
            redis: null,
            options => options.AiBatchWindow = TimeSpan.FromMilliseconds(100));

        var texts = Enumerable.Range(0, 2).Select(i => harness.Batcher.InferAsync(new InferRequest($"text {i}", "sentiment"), Cancellation)).ToList();

        foreach (var text in texts)
        {
            await Assert.ThrowsAsync<AiUnavailableException>(() => text.DefaultTimeout());
        }
    }

    [Fact]
    public async Task A_caller_that_gives_up_gets_its_cancellation_at_once_and_the_others_their_predictions()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ai.RespondToBatch = async (_, _) =>
        {
            await release.Task;
            return null;
        };
        await using var harness = Harness(window: TimeSpan.FromMilliseconds(100));
        using var givingUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var kept = harness.Batcher.InferAsync(new InferRequest("kept", "sentiment"), Cancellation);
        var abandoned = harness.Batcher.InferAsync(new InferRequest("abandoned", "sentiment"), givingUp.Token);
        await AsyncTestHelpers.WaitUntilAsync(() => _ai.BatchCalls == 1);
        await givingUp.CancelAsync();

        // The batch is still waiting for the Ai service, yet the caller that gave up is free.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.DefaultTimeout());
        Assert.False(kept.IsCompleted);

        release.SetResult();
        Assert.Equal("negative", (await kept.DefaultTimeout()).Label);
    }

    [Fact]
    public async Task A_caller_that_gave_up_before_its_batch_left_is_not_sent()
    {
        await using var harness = Harness(window: TimeSpan.FromMilliseconds(300));
        using var givingUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var abandoned = harness.Batcher.InferAsync(new InferRequest("abandoned", "sentiment"), givingUp.Token);
        await givingUp.CancelAsync();
        var kept = await harness.Batcher.InferAsync(new InferRequest("kept", "sentiment"), Cancellation).DefaultTimeout();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.DefaultTimeout());
        Assert.Equal("negative", kept.Label);
        Assert.Equal(["kept"], _ai.BatchRequests.SelectMany(batch => batch.Texts));
    }

    private InferenceHarness Harness(TimeSpan window, int maxBatchSize = 64) =>
        InferenceHarness.Create(kafka.BootstrapServers, _ai.Address, redis: null, options =>
        {
            options.AiBatchWindow = window;
            options.AiMaxBatchSize = maxBatchSize;
        });
}
