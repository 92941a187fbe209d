using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.Tests.Kafka;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http;

namespace AiMesh.Inference.Tests.Processing;

/// <summary>
/// What a failed LLM answer leads to: a failure that may pass (503, an answer that breaks off or stops
/// short, a stall, no model list) is retried and the answer streams again from piece 0; a refusal
/// (400, 422) is dead-lettered at once.
/// </summary>
public sealed class LlmAnswerRetryTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private HandlerTestServers _servers = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _servers = await HandlerTestServers.StartAsync(kafka.BootstrapServers);

    public ValueTask DisposeAsync() => _servers.DisposeAsync();

    [Fact]
    public async Task A_503_before_the_answer_begins_is_retried_and_the_answer_then_comes()
    {
        _servers.Ai.RespondToAnswer = (call, _) => Task.FromResult<IResult?>(call == 1
            ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "every provider model is rate limited")
            : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();
        var text = InferenceHarness.Text("Busy provider?", model: "llm");

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(text), Cancellation).DefaultTimeout();

        Assert.Equal(FakeAiServer.WholeAnswer, result!.Answer);
        Assert.Equal(2, _servers.Ai.AnswerCalls);
        Assert.Equal(1, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
        Assert.Contains("rate limited", harness.Status.LastError?.Message, StringComparison.Ordinal);
        Assert.Equal(result, await _servers.Results.WaitForAsync(text.Id));
    }

    [Theory]
    [InlineData(StatusCodes.Status422UnprocessableEntity, "The provider refused this text: content policy")]
    [InlineData(StatusCodes.Status400BadRequest, "There is no LLM model named 'llm'.")]
    public async Task A_refusal_dead_letters_the_text_at_once_with_the_problems_detail(int statusCode, string detail)
    {
        _servers.Ai.RespondToAnswer = (_, _) => Task.FromResult<IResult?>(TypedResults.Problem(statusCode: statusCode, detail: detail));
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        var text = InferenceHarness.Text("Something the provider will not answer.", model: "llm");

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(text), Cancellation).DefaultTimeout();

        Assert.Null(result);
        Assert.Equal(1, _servers.Ai.AnswerCalls);
        var dead = DeadLetter.From(DeadLetterOf(text.Id));
        Assert.Equal((typeof(AiRequestRejectedException).FullName, 1), (dead.ErrorType, dead.Attempts!.Value));
        Assert.Contains(statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), dead.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(detail, dead.ErrorMessage, StringComparison.Ordinal);
        Assert.False(_servers.Results.Results.ContainsKey(text.Id));
    }

    [Fact]
    public async Task An_answer_that_breaks_off_is_retried_and_streams_again_from_piece_0()
    {
        _servers.Ai.RespondToAnswer = (call, request) => Task.FromResult<IResult?>(call == 1
            ? new StreamedAnswerResult(_servers.Ai.Instance, [AnswerEvent.Delta("Par"), AnswerEvent.Failed("the provider closed the connection")])
            : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();
        var text = InferenceHarness.Text("Capital of France?", model: "llm");

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(text), Cancellation).DefaultTimeout();

        Assert.Equal(FakeAiServer.WholeAnswer, result!.Answer);
        Assert.Equal(2, _servers.Ai.AnswerCalls);
        Assert.Equal(1, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
        Assert.Contains("the provider closed the connection", harness.Status.LastError?.Message, StringComparison.Ordinal);
        var pieces = await _servers.Answers.WaitForAsync(text.Id, 1 + FakeAiServer.AnswerPieces.Count);
        Assert.Equal(
            [(0, "Par"), .. FakeAiServer.AnswerPieces.Select((piece, sequence) => (sequence, piece))],
            pieces.Select(read => (read.Chunk.Sequence, read.Chunk.Text)));
    }

    [Fact]
    public async Task An_answer_that_ends_without_its_closing_line_is_retried()
    {
        _servers.Ai.RespondToAnswer = (call, _) => Task.FromResult<IResult?>(call == 1
            ? new StreamedAnswerResult(_servers.Ai.Instance, [AnswerEvent.Delta("Paris")])
            : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("Cut short?", model: "llm")), Cancellation).DefaultTimeout();

        Assert.Equal(FakeAiServer.WholeAnswer, result!.Answer);
        Assert.Equal(2, _servers.Ai.AnswerCalls);
        Assert.Contains("without its closing line", harness.Status.LastError?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_stalls_past_the_answer_timeout_is_given_up_on_and_retried()
    {
        _servers.Ai.RespondToAnswer = (call, _) => Task.FromResult<IResult?>(call == 1
            ? new StreamedAnswerResult(_servers.Ai.Instance, [AnswerEvent.Delta("Paris")]) { ThenStall = true }
            : null);
        await using var harness = InferenceHarness.Create(
            kafka.BootstrapServers,
            _servers.Ai.Address,
            redis: null,
            options => options.AnswerTimeout = TimeSpan.FromMilliseconds(500));

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("Stalling provider?", model: "llm")), Cancellation).DefaultTimeout();

        Assert.Equal(FakeAiServer.WholeAnswer, result!.Answer);
        Assert.Equal(2, _servers.Ai.AnswerCalls);
        Assert.Contains("no whole answer within 00:00:00.5", harness.Status.LastError?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_list_that_cannot_be_had_is_retried_like_any_Ai_failure()
    {
        _servers.Ai.RespondToModels = call => Task.FromResult<IResult?>(call == 1 ? TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable) : null);
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        using var metrics = harness.StartRecordingMetrics();

        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(InferenceHarness.Text("Listless?", model: "llm")), Cancellation).DefaultTimeout();

        Assert.Equal(InferenceResult.AnswerLabel, result!.Label);
        Assert.Equal((2, 1), (_servers.Ai.ModelListCalls, _servers.Ai.AnswerCalls));
        Assert.Equal(1, metrics.Sum("aimesh.inference.failures", "reason", "ai_unavailable"));
        Assert.Contains("GET /api/models", harness.Status.LastError?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_keeps_breaking_off_is_dead_lettered_after_the_attempt_limit()
    {
        _servers.Ai.RespondToAnswer = (_, _) => Task.FromResult<IResult?>(
            new StreamedAnswerResult(_servers.Ai.Instance, [AnswerEvent.Delta("Pa"), AnswerEvent.Failed("the provider keeps failing")]));
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null, options => options.MaxAttempts = 3);

        var text = InferenceHarness.Text("Never answered?", model: "llm");
        var result = await harness.Processor.ProcessAsync(InferenceHarness.Consumed(text), Cancellation).DefaultTimeout();

        Assert.Null(result);
        Assert.Equal(3, _servers.Ai.AnswerCalls);
        var dead = DeadLetter.From(DeadLetterOf(text.Id));
        Assert.Equal((typeof(AiUnavailableException).FullName, 3), (dead.ErrorType, dead.Attempts!.Value));
        Assert.Contains("the provider keeps failing", dead.ErrorMessage, StringComparison.Ordinal);
    }

    private ConsumeResult<byte[]?, byte[]?> DeadLetterOf(Guid id) =>
        Assert.Single(KafkaTestClients.DeadLetters(kafka.BootstrapServers), letter => letter.Message.Key is { } bytes && System.Text.Encoding.UTF8.GetString(bytes) == id.ToString());
}
