using AiMesh.Inference.Processing;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Kafka;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiMesh.Inference.Tests.Processing;

/// <summary>Retries: what a failed attempt leads to, and when a message counts as done.</summary>
public sealed class MessageProcessorTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private FakeAiServer _ai = null!;
    private ResultTopicReader _results = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ai = await FakeAiServer.StartAsync("ai-a");
        _results = new ResultTopicReader(kafka.BootstrapServers);
    }

    public async ValueTask DisposeAsync()
    {
        _results.Dispose();
        await _ai.DisposeAsync();
    }

    [Fact]
    public async Task Ai_failing_twice_with_503_is_retried_and_the_message_is_done_only_once_its_result_is_acknowledged()
    {
        var thirdCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ai.Respond = async (call, _) =>
        {
            if (call <= 2)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "warming up");
            }

            await thirdCall.Task;
            return null;
        };
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();
        var text = InferenceHarness.Text("flaky");

        var processing = harness.Processor.ProcessAsync(InferenceHarness.Consumed(text), Cancellation);
        await AsyncTestHelpers.WaitUntilAsync(() => _ai.Calls == 3);

        // Two failures behind it and the third attempt still open: the message is not done, so the
        // worker, which stores the offset only when ProcessAsync returns, has stored nothing.
        Assert.False(processing.IsCompleted);
        Assert.False(_results.Results.ContainsKey(text.Id));

        thirdCall.SetResult();
        var result = await processing.DefaultTimeout();

        Assert.Equal(3, _ai.Calls);
        Assert.Equal(result, await _results.WaitForAsync(text.Id));
        Assert.Equal(2, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
        Assert.Equal(1, metrics.Sum("aimesh.inference.processed"));
        Assert.Equal(1, metrics.Sum("aimesh.inference.cache.misses"));
        Assert.Single(metrics.Measurements, measurement => measurement.Instrument == "aimesh.inference.processing.duration");
        Assert.Equal(2, harness.Logs.For<MessageProcessor>(LogLevel.Warning).Count);
        Assert.Contains("503", harness.Status.LastError?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_4xx_from_the_Ai_service_is_logged_as_an_error_and_the_text_is_kept_until_it_passes()
    {
        _ai.Respond = (call, _) => Task.FromResult<IResult?>(call <= 2
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "unknown model")
            : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();
        var text = InferenceHarness.Text("rejected at first");

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(text), Cancellation).DefaultTimeout();

        Assert.Equal(text.Id, result.Id);
        Assert.Equal(3, _ai.Calls);
        var errors = harness.Logs.For<MessageProcessor>(LogLevel.Error);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, error => Assert.Contains("400", error.Message, StringComparison.Ordinal));
        Assert.Equal(2, metrics.Sum("aimesh.inference.failures", "reason", "ai_rejected"));
        await _results.WaitForAsync(text.Id);
    }

    [Theory]
    [InlineData(StatusCodes.Status408RequestTimeout)]
    [InlineData(StatusCodes.Status429TooManyRequests)]
    [InlineData(StatusCodes.Status500InternalServerError)]
    public async Task Statuses_that_mean_later_are_retried_as_unavailable_not_rejected(int statusCode)
    {
        _ai.Respond = (call, _) => Task.FromResult<IResult?>(call == 1 ? TypedResults.StatusCode(statusCode) : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();

        await harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("later")), Cancellation).DefaultTimeout();

        Assert.Equal(1, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
        Assert.Empty(harness.Logs.For<MessageProcessor>(LogLevel.Error));
    }

    [Fact]
    public async Task A_success_without_a_label_is_no_answer_and_is_retried()
    {
        _ai.Respond = (call, _) => Task.FromResult<IResult?>(call == 1 ? TypedResults.Text("{}", "application/json") : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("half an answer")), Cancellation).DefaultTimeout();

        Assert.Equal("negative", result.Label);
        Assert.Equal(2, _ai.Calls);
        Assert.Equal(1, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
    }

    [Fact]
    public async Task An_unreachable_Ai_service_is_retried_until_the_worker_stops_and_the_message_is_then_abandoned()
    {
        await using var harness = InferenceHarness.Create(
            kafka.BootstrapServers,
            new Uri($"http://127.0.0.1:{AiMesh.Tests.Ports.Closed()}"),
            redis: null);
        using var metrics = harness.StartRecordingMetrics();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var processing = harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("nobody answers")), stopping.Token);
        await AsyncTestHelpers.WaitUntilAsync(() => metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable") >= 3);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processing.DefaultTimeout());
        Assert.Equal(0, metrics.Sum("aimesh.inference.processed"));
        Assert.NotNull(harness.Status.LastError);
    }
}
