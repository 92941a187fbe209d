using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Processing;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Kafka;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiMesh.Inference.Tests.Processing;

/// <summary>Retries: what a failed attempt leads to, and when a message counts as done.</summary>
public sealed class MessageProcessorTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private HandlerTestServers _servers = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _servers = await HandlerTestServers.StartAsync(kafka.BootstrapServers);

    public ValueTask DisposeAsync() => _servers.DisposeAsync();

    [Fact]
    public async Task Ai_failing_twice_with_503_is_retried_and_the_message_is_done_only_once_its_result_is_acknowledged()
    {
        var thirdCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _servers.Ai.Respond = async (call, _) =>
        {
            if (call <= 2)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "warming up");
            }

            await thirdCall.Task;
            return null;
        };
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();
        var text = InferenceHarness.Text("flaky");

        var processing = harness.Processor.ProcessAsync(InferenceHarness.Consumed(text), Cancellation);
        await AsyncTestHelpers.WaitUntilAsync(() => _servers.Ai.Calls == 3);

        // Two failures behind it and the third attempt still open: the message is not done, so the
        // worker, which stores the offset only when ProcessAsync returns, has stored nothing.
        Assert.False(processing.IsCompleted);
        Assert.False(_servers.Results.Results.ContainsKey(text.Id));

        thirdCall.SetResult();
        var result = await processing.DefaultTimeout();

        Assert.Equal(3, _servers.Ai.Calls);
        Assert.Equal(result, await _servers.Results.WaitForAsync(text.Id));
        Assert.Equal(2, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
        Assert.Equal(1, metrics.Sum("aimesh.inference.processed"));
        Assert.Equal(1, metrics.Sum("aimesh.inference.cache.misses"));
        Assert.Single(metrics.Measurements, measurement => measurement.Instrument == "aimesh.inference.processing.duration");
        Assert.Equal(2, harness.Logs.For<MessageProcessor>(LogLevel.Warning).Count);
        Assert.Contains("503", harness.Status.LastError?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_4xx_from_the_Ai_service_dead_letters_the_text_at_once_with_where_it_came_from_and_why()
    {
        _servers.Ai.Respond = (_, _) => Task.FromResult<IResult?>(TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "unknown model"));
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();
        var text = InferenceHarness.Text("rejected");
        var message = InferenceHarness.Consumed(text, partition: 3, offset: 42);

        var result = await harness.Processor.ProcessAsync(message, Cancellation).DefaultTimeout();

        // The batch was refused, so the text was asked about alone, and refused on its own.
        Assert.Null(result);
        Assert.Equal((1, 2), (_servers.Ai.BatchCalls, _servers.Ai.Calls));
        var letter = DeadLetterOf(text.Id);
        Assert.Equal(message.Message.Value, letter.Message.Value);
        Assert.Equal(message.Message.Key, letter.Message.Key);
        var dead = DeadLetter.From(letter);
        Assert.Equal((Topics.Data, 3, 42L, text.Id.ToString()), (dead.SourceTopic, dead.SourcePartition!.Value, dead.SourceOffset!.Value, dead.Key));
        Assert.Equal(typeof(AiRequestRejectedException).FullName, dead.ErrorType);
        Assert.Contains("400", dead.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, dead.Attempts);
        Assert.Equal(harness.InstanceName, dead.Instance);
        Assert.NotNull(dead.DeadLetteredAt);
        Assert.Equal(1, metrics.Sum("aimesh.kafka.dead_letters", "topic", Topics.Data));
        Assert.Equal(1, harness.Status.DeadLetteredTotal);
        Assert.False(_servers.Results.Results.ContainsKey(text.Id));
    }

    [Fact]
    public async Task A_failure_that_may_pass_is_retried_up_to_the_attempt_limit_and_then_dead_lettered()
    {
        _servers.Ai.Respond = (_, _) => Task.FromResult<IResult?>(TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "down"));
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null, options => options.MaxAttempts = 3);
        using var metrics = harness.StartRecordingMetrics();
        var text = InferenceHarness.Text("never answered");

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(text), Cancellation).DefaultTimeout();

        Assert.Null(result);
        Assert.Equal(3, _servers.Ai.Calls);
        Assert.Equal(3, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
        var dead = DeadLetter.From(DeadLetterOf(text.Id));
        Assert.Equal((typeof(AiUnavailableException).FullName, 3), (dead.ErrorType, dead.Attempts!.Value));
    }

    [Theory]
    [InlineData("{\"id\":\"0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"text\":\"poison pill \\ufffe\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"id\":\"0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"text\":\"half a pair \\ud800\",\"acceptedAt\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"id\":\"0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"text\":\"   \"}")]
    [InlineData("{\"text\":\"no id\"}")]
    [InlineData("not a TextSubmitted")]
    [InlineData("null")]
    public async Task A_message_that_is_not_a_text_the_pipeline_can_finish_is_dead_lettered_without_asking_the_Ai_service(string value)
    {
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        var key = Guid.NewGuid().ToString();

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(System.Text.Encoding.UTF8.GetBytes(value), key), Cancellation).DefaultTimeout();

        Assert.Null(result);
        Assert.Equal(0, _servers.Ai.Calls);
        var dead = DeadLetter.From(DeadLetterOf(key));
        Assert.Equal((typeof(InvalidMessageException).FullName, 1), (dead.ErrorType, dead.Attempts!.Value));
        Assert.Equal(value, dead.Value);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_message_is_dead_lettered_byte_for_byte()
    {
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        var key = Guid.NewGuid().ToString();
        byte[] value = [.. "{\"id\":\"0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\",\"text\":\"bad "u8, 0xC0, 0xAF, .. "\"}"u8];

        Assert.Null(await harness.Processor.ProcessAsync(InferenceHarness.Consumed(value, key), Cancellation).DefaultTimeout());

        Assert.Equal(value, DeadLetterOf(key).Message.Value);
        Assert.Equal(0, _servers.Ai.Calls);
    }

    [Theory]
    [InlineData(StatusCodes.Status408RequestTimeout)]
    [InlineData(StatusCodes.Status429TooManyRequests)]
    [InlineData(StatusCodes.Status500InternalServerError)]
    public async Task Statuses_that_mean_later_are_retried_as_unavailable_not_rejected(int statusCode)
    {
        _servers.Ai.Respond = (call, _) => Task.FromResult<IResult?>(call == 1 ? TypedResults.StatusCode(statusCode) : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();

        await harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("later")), Cancellation).DefaultTimeout();

        Assert.Equal(1, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
        Assert.Empty(harness.Logs.For<MessageProcessor>(LogLevel.Error));
    }

    [Fact]
    public async Task A_success_without_a_label_is_no_answer_and_is_retried()
    {
        _servers.Ai.Respond = (call, _) => Task.FromResult<IResult?>(call == 1 ? TypedResults.Text("{}", "application/json") : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("half an answer")), Cancellation).DefaultTimeout();

        Assert.Equal("negative", result!.Label);
        Assert.Equal(2, _servers.Ai.Calls);
        Assert.Equal(1, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
    }

    [Fact]
    public async Task An_unreachable_Ai_service_is_retried_until_the_worker_stops_and_the_message_is_then_abandoned()
    {
        await using var harness = InferenceHarness.Create(
            kafka.BootstrapServers,
            new Uri($"http://127.0.0.1:{AiMesh.Tests.Ports.Closed()}"),
            redis: null,
            options => options.MaxAttempts = 1_000);
        using var metrics = harness.StartRecordingMetrics();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var processing = harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("nobody answers")), stopping.Token);
        await AsyncTestHelpers.WaitUntilAsync(() => metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable") >= 3);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processing.DefaultTimeout());
        Assert.Equal(0, metrics.Sum("aimesh.inference.processed"));
        Assert.NotNull(harness.Status.LastError);
    }

    private ConsumeResult<byte[]?, byte[]?> DeadLetterOf(object key) =>
        Assert.Single(KafkaTestClients.DeadLetters(kafka.BootstrapServers), letter => letter.Message.Key is { } bytes && System.Text.Encoding.UTF8.GetString(bytes) == key.ToString());
}
