using System.Diagnostics;
using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Telemetry;
using AiMesh.Inference.Worker;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.ServiceDefaults.Resilience;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Processing;

/// <summary>
/// Takes one data-topic message to an end: an acknowledged result, or a dead letter. Whatever goes wrong
/// with one message stays with that message: a failure that may pass (the Ai service or Kafka away) is
/// retried with <see cref="ExponentialBackoff"/> up to <see cref="InferenceOptions.MaxAttempts"/>; one that
/// cannot (a message that is not a valid text, the Ai service refusing it, a bug meeting this input) is
/// not. Either way the message then goes to <c>data-topic.dlq</c>, so the caller may store its offset when
/// this returns and the partition moves on. Only the worker stopping and a fatal Kafka error go up.
/// Many messages are processed at once (see <see cref="InferenceWorker"/>); each keeps its own retries,
/// backoff and trace ("data-topic process", the parent of its "result-topic publish").
/// </summary>
internal sealed partial class MessageProcessor(
    InferenceHandler handler,
    DeadLetterPublisher deadLetters,
    InferenceMetrics metrics,
    WorkerStatus status,
    IOptions<InferenceOptions> options,
    TimeProvider timeProvider,
    ILogger<MessageProcessor> logger)
{
    private readonly ExponentialBackoff _backoff = new(options.Value.RetryBaseDelay, options.Value.RetryMaxDelay);
    private readonly int _maxAttempts = options.Value.MaxAttempts;

    /// <summary>The acknowledged result, or null when the message was dead-lettered instead.</summary>
    /// <exception cref="OperationCanceledException">The worker is stopping; the message was abandoned.</exception>
    /// <exception cref="KafkaException">A fatal Kafka error: this replica's producer is unusable.</exception>
    public async Task<InferenceResult?> ProcessAsync(ConsumeResult<byte[]?, byte[]?> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        using var activity = message.StartProcessActivity("inference");
        var started = timeProvider.GetTimestamp();
        var inFlight = status.Began(message.TopicPartitionOffset, timeProvider.GetUtcNow());
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var submitted = DataTopicMessage.Read(message);
                    var result = await handler.HandleAsync(submitted, inFlight, cancellationToken).ConfigureAwait(false);
                    metrics.Processed(result.Cached, timeProvider.GetElapsedTime(started));
                    status.Completed(timeProvider.GetUtcNow());
                    activity?.SetTag("aimesh.inference.cached", result.Cached);
                    activity?.SetTag("aimesh.inference.attempts", attempt);
                    return result;
                }
                catch (Exception exception) when (Classify(exception, cancellationToken) is { } failure)
                {
                    metrics.Failed(failure.Reason);
                    status.RecordError($"{message.TopicPartitionOffset}: {exception.Message}", timeProvider.GetUtcNow());
                    if (failure.Permanent || attempt >= _maxAttempts)
                    {
                        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                        await deadLetters.PublishAsync(message, DeadLetterReason.From(exception, attempt), cancellationToken).ConfigureAwait(false);
                        status.DeadLettered(timeProvider.GetUtcNow());
                        return null;
                    }

                    var delay = _backoff.DelayAfter(attempt);
                    LogRetrying(logger, message.TopicPartitionOffset, failure.Reason, attempt, _maxAttempts, delay.TotalSeconds, exception);
                    activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["reason"] = failure.Reason, ["attempt"] = attempt }));
                    await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            status.Ended(inFlight);
        }
    }

    /// <summary>
    /// What a failed attempt was, or null for what must go up: the worker's own cancellation, and a fatal
    /// Kafka error (an idempotent producer fenced for good), which only a new producer cures.
    /// </summary>
    private static Failure? Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        KafkaException { Error.IsFatal: true } => null,
        InvalidMessageException => new Failure(FailureReasons.InvalidMessage, Permanent: true),
        AiUnavailableException => new Failure(FailureReasons.AiUnavailable, Permanent: false),
        AiRequestRejectedException => new Failure(FailureReasons.AiRejected, Permanent: true),
        // A result Kafka will never take (too large, unserializable) is this message's; anything else Kafka
        // says about a produce (a broker away, a timeout) passes.
        KafkaException kafka => new Failure(FailureReasons.ProduceFailed, Permanent: kafka.Error.Code is ErrorCode.MsgSizeTooLarge or ErrorCode.Local_ValueSerialization),
        // Nothing else is expected of a message: a bug that this input meets would meet it again on every attempt.
        _ => new Failure(FailureReasons.Unexpected, Permanent: true),
    };

    private sealed record Failure(string Reason, bool Permanent);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The message at {TopicPartitionOffset} failed on attempt {Attempt} of {MaxAttempts} ({Reason}); retrying in {DelaySeconds:0.###} s.")]
    private static partial void LogRetrying(ILogger logger, TopicPartitionOffset topicPartitionOffset, string reason, int attempt, int maxAttempts, double delaySeconds, Exception exception);
}
