using AiMesh.Contracts;
using AiMesh.Inference.Processing;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Kafka;
using Microsoft.Extensions.Logging;

namespace AiMesh.Inference.Tests.Processing;

/// <summary>A text naming an LLM model: its answer streamed to answer-topic piece by piece, then whole to result-topic.</summary>
public sealed class LlmAnswerTests(KafkaMockCluster kafka) : IClassFixture<KafkaMockCluster>, IAsyncLifetime
{
    private HandlerTestServers _servers = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _servers = await HandlerTestServers.StartAsync(kafka.BootstrapServers);

    public ValueTask DisposeAsync() => _servers.DisposeAsync();

    [Fact]
    public async Task An_LLM_text_streams_its_pieces_in_order_to_answer_topic_then_publishes_the_whole_answer_to_result_topic()
    {
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        var text = InferenceHarness.Text("What is the capital of France?  ", model: "llm");

        var result = await harness.Handler.HandleAsync(text, Cancellation).DefaultTimeout();

        Assert.Equal(new AnswerRequest(text.Text, "llm"), Assert.Single(_servers.Ai.AnswerRequests));
        Assert.Equal(0, _servers.Ai.Calls);
        Assert.Equal(
            (InferenceResult.AnswerLabel, 1.0, "llm", "ai-a", harness.InstanceName, false),
            (result.Label, result.Score, result.Model, result.AiInstance, result.InferenceInstance, result.Cached));
        Assert.Equal(
            (FakeAiServer.WholeAnswer, FakeAiServer.ProviderModel, FakeAiServer.ProviderModel, "stop", 12L, 5L, 321.5),
            (result.Answer, result.ModelVersion, result.ProviderModel, result.FinishReason, result.InputTokens, result.OutputTokens, result.LatencyMs));
        Assert.Equal((text.Id, text.Text, text.AcceptedAt), (result.Id, result.Text, result.AcceptedAt));

        await _servers.Results.WaitForAsync(text.Id);
        var (key, published) = _servers.Results.Results[text.Id];
        Assert.Equal(text.Id.ToString(), key);
        Assert.Equal(result, published);

        var pieces = await _servers.Answers.WaitForAsync(text.Id, FakeAiServer.AnswerPieces.Count);
        Assert.Equal(
            FakeAiServer.AnswerPieces.Select((piece, sequence) => new AnswerChunk(text.Id, sequence, piece, "llm")),
            pieces.Select(read => read.Chunk));
        Assert.All(pieces, read => Assert.Equal(text.Id.ToString(), read.Key));
        Assert.Single(pieces.Select(read => read.Partition).Distinct());
    }

    [Fact]
    public async Task An_LLM_model_named_in_other_letters_is_asked_for_and_reported_as_the_Ai_service_lists_it()
    {
        _servers.Ai.LlmModels = ["llm", "Writer"];
        await using var harness = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        var text = InferenceHarness.Text("Write a haiku about queues.", model: "WRITER");

        var result = await harness.Handler.HandleAsync(text, Cancellation).DefaultTimeout();

        Assert.Equal("Writer", Assert.Single(_servers.Ai.AnswerRequests).Model);
        Assert.Equal("Writer", result.Model);
        Assert.All(await _servers.Answers.WaitForAsync(text.Id, FakeAiServer.AnswerPieces.Count), read => Assert.Equal("Writer", read.Chunk.Model));
    }

    [Fact]
    public async Task The_model_list_is_asked_for_once_while_it_is_fresh_and_again_once_it_is_not()
    {
        await using var fresh = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null);
        await fresh.Handler.HandleAsync(InferenceHarness.Text("first", model: "llm"), Cancellation).DefaultTimeout();
        await fresh.Handler.HandleAsync(InferenceHarness.Text("second", model: "llm"), Cancellation).DefaultTimeout();
        await fresh.Handler.HandleAsync(InferenceHarness.Text("third", model: "sentiment-fast"), Cancellation).DefaultTimeout();

        Assert.Equal(1, _servers.Ai.ModelListCalls);

        await using var stale = InferenceHarness.Create(kafka.BootstrapServers, _servers.Ai.Address, redis: null, options => options.ModelListTtl = TimeSpan.FromTicks(1));
        await stale.Handler.HandleAsync(InferenceHarness.Text("fourth", model: "llm"), Cancellation).DefaultTimeout();
        await stale.Handler.HandleAsync(InferenceHarness.Text("fifth", model: "llm"), Cancellation).DefaultTimeout();

        Assert.Equal(3, _servers.Ai.ModelListCalls);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pieces_Kafka_does_not_take_are_counted_and_logged_once_and_the_whole_answer_still_comes_on_result_topic(bool refusedWhenQueued)
    {
        await using var harness = InferenceHarness.Create(
            kafka.BootstrapServers,
            _servers.Ai.Address,
            redis: null,
            answerChunkProducer: refusedWhenQueued
                ? KafkaTestClients.RefusingAnswerChunkProducer(kafka.BootstrapServers)
                : KafkaTestClients.UnreachableAnswerChunkProducer(messageTimeout: TimeSpan.FromMilliseconds(200)));
        using var metrics = harness.StartRecordingMetrics();
        var text = InferenceHarness.Text("Answer me even if Kafka drops the pieces.", model: "llm");

        var result = await harness.Handler.HandleAsync(text, Cancellation).DefaultTimeout();

        Assert.Equal(FakeAiServer.WholeAnswer, result.Answer);
        Assert.Equal(result, await _servers.Results.WaitForAsync(text.Id));
        await AsyncTestHelpers.WaitUntilAsync(() => metrics.Sum("aimesh.inference.answer.chunks.dropped") == FakeAiServer.AnswerPieces.Count);
        var warning = Assert.Single(harness.Logs.For<AnswerChunkPublisher>(LogLevel.Warning));
        Assert.Contains($"Piece 0 of the answer to {text.Id}", warning.Message, StringComparison.Ordinal);
        Assert.Empty(_servers.Answers.Of(text.Id));
    }
}
