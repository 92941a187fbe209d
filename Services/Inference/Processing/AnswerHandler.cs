using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Worker;
using AiMesh.ServiceDefaults.Hosting;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Processing;

/// <summary>
/// One attempt at a text for an LLM model: the Ai service's answer streamed, each piece put on
/// answer-topic as it comes (from <see cref="AnswerChunk.Sequence"/> 0 on every attempt, so a retry
/// shows a reader the answer starting over), and the whole answer published to result-topic once the
/// stream closes with <c>done</c>. It returns only once Kafka has acknowledged that result.
/// </summary>
/// <remarks>
/// LLM answers are not cached: an answer is not a function of the text alone (the model samples, and
/// which provider model answers depends on fallbacks and rate limits), so every text is answered afresh.
/// </remarks>
/// <remarks>
/// At most <see cref="InferenceOptions.MaxAnswersInFlight"/> answers are asked for at once. A text beyond
/// that waits for a place asynchronously, inside its own message's processing, so the consume loop and the
/// texts for built-in models go on meanwhile; a retry waits again, so a text in its backoff holds no place.
/// </remarks>
internal sealed class AnswerHandler(
    AiAnswerClient ai,
    AnswerChunkPublisher chunks,
    IProducer<string, InferenceResult> producer,
    ServiceInstance instance,
    IOptions<InferenceOptions> options,
    TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _places = new(options.Value.MaxAnswersInFlight, options.Value.MaxAnswersInFlight);

    /// <summary>How many answers are being asked for now.</summary>
    public int InFlight => options.Value.MaxAnswersInFlight - _places.CurrentCount;

    public void Dispose() => _places.Dispose();

    /// <param name="message">The text.</param>
    /// <param name="model">The LLM model's name as the Ai service lists it.</param>
    /// <param name="inFlight">The message's entry in <see cref="WorkerStatus"/>, told when its answer is first asked for.</param>
    /// <param name="cancellationToken">The worker stopping.</param>
    /// <exception cref="AiUnavailableException">No whole answer this time.</exception>
    /// <exception cref="AiRequestRejectedException">The Ai service refused the text or the model.</exception>
    /// <exception cref="KafkaException">Kafka did not acknowledge the result.</exception>
    public async Task<InferenceResult> HandleAsync(TextSubmitted message, string model, InFlightMessage? inFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(model);

        await _places.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            inFlight?.AnswerBegan(timeProvider.GetUtcNow());
            return await AnswerAsync(message, model, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _places.Release();
        }
    }

    private async Task<InferenceResult> AnswerAsync(TextSubmitted message, string model, CancellationToken cancellationToken)
    {
        var sequence = 0;

        // The text as submitted: with no cache key to share there is nothing to normalize for, and the
        // model reads the text as its writer laid it out.
        var answer = await ai.AnswerAsync(
            new AnswerRequest(message.Text, model),
            delta => chunks.Publish(new AnswerChunk(message.Id, sequence++, delta, model)),
            cancellationToken).ConfigureAwait(false);

        var done = answer.Done;
        var result = new InferenceResult(
            message.Id,
            message.Text,
            InferenceResult.AnswerLabel,
            Score: 1.0,
            model,
            instance.Name,
            answer.AiInstance,
            Cached: false,
            message.AcceptedAt,
            timeProvider.GetUtcNow(),
            ModelVersion: done.ProviderModel,
            Answer: done.Text,
            ProviderModel: done.ProviderModel,
            FinishReason: done.FinishReason,
            InputTokens: done.InputTokens,
            OutputTokens: done.OutputTokens,
            LatencyMs: done.LatencyMs);

        await producer.ProduceAsync(
            Topics.Results,
            new Message<string, InferenceResult> { Key = message.Id.ToString(), Value = result },
            cancellationToken).ConfigureAwait(false);

        return result;
    }
}
