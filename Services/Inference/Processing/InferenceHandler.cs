using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Worker;
using AiMesh.ServiceDefaults.Hosting;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Processing;

/// <summary>
/// One attempt at one text. A text for one of the Ai service's LLM models goes to
/// <see cref="AnswerHandler"/>; any other (no model named, or a built-in one) gets the cached answer or
/// the Ai service's (then cached; asked through <see cref="AiBatcher"/>, with the texts other messages
/// need at the same time), published to result-topic. It returns only once Kafka has
/// acknowledged the result, and throws when any step other than the cache fails;
/// <see cref="MessageProcessor"/> decides about retrying.
/// </summary>
internal sealed class InferenceHandler(
    IAnswerCache cache,
    AiBatcher ai,
    LlmModelNames llmModels,
    AnswerHandler answers,
    IProducer<string, InferenceResult> producer,
    ServiceInstance instance,
    IOptions<InferenceOptions> options,
    TimeProvider timeProvider)
{
    /// <exception cref="AiUnavailableException">The Ai service gave no answer, or its model list was due and could not be had.</exception>
    /// <exception cref="AiRequestRejectedException">The Ai service refused the text.</exception>
    /// <exception cref="KafkaException">Kafka did not acknowledge the result.</exception>
    public Task<InferenceResult> HandleAsync(TextSubmitted message, CancellationToken cancellationToken) =>
        HandleAsync(message, inFlight: null, cancellationToken);

    /// <param name="message">The text.</param>
    /// <param name="inFlight">The message's entry in <see cref="WorkerStatus"/>, told when the text turns out to be an LLM's.</param>
    /// <param name="cancellationToken">The message abandoned (the worker stopping).</param>
    /// <inheritdoc cref="HandleAsync(TextSubmitted, CancellationToken)"/>
    public async Task<InferenceResult> HandleAsync(TextSubmitted message, InFlightMessage? inFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        var settings = options.Value;

        // A blank name names no model, as null does; model names are case-insensitive in the Ai service,
        // so a text naming the configured model in other letters shares its cache keys. That model is a
        // built-in one (it is what /api/infer is asked for), so only a text naming another one waits on
        // the LLM list: a text naming none is answered, or served from the cache, as if no list existed.
        var model = string.IsNullOrWhiteSpace(message.Model) || message.Model.Equals(settings.Model, StringComparison.OrdinalIgnoreCase)
            ? settings.Model
            : message.Model;
        if (model != settings.Model && await llmModels.FindAsync(model, cancellationToken).ConfigureAwait(false) is { } llm)
        {
            inFlight?.RoutedToAnswer();
            return await answers.HandleAsync(message, llm, inFlight, cancellationToken).ConfigureAwait(false);
        }

        var text = CacheKey.Normalize(message.Text);
        var key = CacheKey.For(model, text);

        var answer = await cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        var cached = answer is not null;
        var stored = Task.CompletedTask;
        if (answer is null)
        {
            // The Ai service gets the normalized text, the same text the key is made of, so a cached
            // answer is exactly what the model would have said for any text that shares its key.
            var response = await ai.InferAsync(new InferRequest(text, model), cancellationToken).ConfigureAwait(false);
            answer = new CachedAnswer(response.Label, response.Score, response.Model, response.Instance, response.ModelVersion);

            // Stored while the result is published, not before: the cache never throws but for the worker
            // stopping, so the result need not wait for Redis's reply.
            stored = cache.SetAsync(key, answer, settings.CacheTtl, cancellationToken);
        }

        var result = new InferenceResult(
            message.Id,
            message.Text,
            answer.Label,
            answer.Score,
            answer.Model,
            instance.Name,
            answer.AiInstance,
            cached,
            message.AcceptedAt,
            timeProvider.GetUtcNow(),
            answer.ModelVersion);

        try
        {
            await producer.ProduceAsync(
                Topics.Results,
                new Message<string, InferenceResult> { Key = message.Id.ToString(), Value = result },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stored.ConfigureAwait(false);
        }

        return result;
    }
}
