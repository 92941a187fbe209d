using AiMesh.Contracts;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Telemetry;
using Confluent.Kafka;

namespace AiMesh.Inference.Processing;

/// <summary>
/// Puts the pieces of an LLM answer on answer-topic as they arrive, keyed by the text's id, so one
/// partition holds them and the idempotent producer keeps their order. It does not wait for Kafka: a
/// piece is a preview for the UI and the whole answer follows on result-topic, so a piece Kafka does not
/// take is counted and logged (at most once per <see cref="WarningInterval"/>) and never fails the text.
/// </summary>
internal sealed partial class AnswerChunkPublisher(
    IProducer<string, AnswerChunk> producer,
    InferenceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<AnswerChunkPublisher> logger)
{
    public static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    // A broker away fails every piece of every answer; one line per interval says so well enough.
    private readonly WarningThrottle _warnings = new(WarningInterval, timeProvider);

    /// <summary>Hands <paramref name="chunk"/> to the producer and returns; delivery is reported later, on the producer's thread.</summary>
    public void Publish(AnswerChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);

        try
        {
            producer.Produce(
                Topics.Answers,
                new Message<string, AnswerChunk> { Key = chunk.Id.ToString(), Value = chunk },
                report =>
                {
                    if (report.Error.IsError)
                    {
                        Dropped(chunk, report.Error.Reason);
                    }
                });
        }
        catch (KafkaException exception)
        {
            // Refused before it was queued: a full queue, a value that cannot be serialized, a fenced producer.
            Dropped(chunk, exception.Error.Reason);
        }
    }

    private void Dropped(AnswerChunk chunk, string reason)
    {
        metrics.ChunkDropped();
        if (_warnings.ShouldLog(out var suppressed))
        {
            LogDropped(logger, chunk.Sequence, chunk.Id, reason, suppressed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Piece {Sequence} of the answer to {Id} did not reach answer-topic ({Reason}); the whole answer still goes to result-topic. {Suppressed} more were dropped since the last such warning.")]
    private static partial void LogDropped(ILogger logger, int sequence, Guid id, string reason, int suppressed);
}
