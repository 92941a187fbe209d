using System.Diagnostics;
using AiMesh.Contracts;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Telemetry;
using AiMesh.Inference.Worker;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.ServiceDefaults.Resilience;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Processing;

/// <summary>
/// Takes one data-topic message to an acknowledged result, however many attempts that needs: failed
/// attempts are retried with <see cref="ExponentialBackoff"/> until one succeeds or the worker stops. A message
/// is never skipped here, so the caller may store its offset exactly when this returns.
/// </summary>
internal sealed partial class MessageProcessor(
    InferenceHandler handler,
    InferenceMetrics metrics,
    WorkerStatus status,
    IOptions<InferenceOptions> options,
    TimeProvider timeProvider,
    ILogger<MessageProcessor> logger)
{
    private readonly ExponentialBackoff _backoff = new(options.Value.RetryBaseDelay, options.Value.RetryMaxDelay);

    /// <summary>The acknowledged result, after as many attempts as it took.</summary>
    /// <exception cref="OperationCanceledException">The worker is stopping; the message was abandoned.</exception>
    public async Task<InferenceResult> ProcessAsync(ConsumeResult<string, TextSubmitted> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        using var activity = message.StartProcessActivity("inference");
        var started = timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await handler.HandleAsync(message.Message.Value, cancellationToken).ConfigureAwait(false);
                metrics.Processed(result.Cached, timeProvider.GetElapsedTime(started));
                activity?.SetTag("aimesh.inference.cached", result.Cached);
                activity?.SetTag("aimesh.inference.attempts", attempt);
                return result;
            }
            catch (Exception exception) when (Classify(exception, cancellationToken) is { } reason)
            {
                var delay = _backoff.DelayAfter(attempt);
                Failed(message, reason, exception, attempt, delay);
                activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["reason"] = reason, ["attempt"] = attempt }));
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The failure reason of an attempt worth retrying, or null for what must go up: the worker's own
    /// cancellation, and exceptions no dependency explains (bugs), which stop the worker visibly instead
    /// of spinning on one message forever.
    /// </summary>
    private static string? Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        AiUnavailableException => FailureReasons.AiUnavailable,
        AiRequestRejectedException => FailureReasons.AiRejected,
        // A fatal producer error (an idempotent producer fenced for good) or a result Kafka will never
        // take is not cured by waiting; it goes up so the replica restarts with a new producer.
        KafkaException { Error.IsFatal: false } kafka when kafka.Error.Code is not (ErrorCode.MsgSizeTooLarge or ErrorCode.Local_ValueSerialization) => FailureReasons.ProduceFailed,
        _ => null,
    };

    private void Failed(ConsumeResult<string, TextSubmitted> message, string reason, Exception exception, int attempt, TimeSpan delay)
    {
        metrics.Failed(reason);
        status.RecordError($"{message.Message.Value.Id}: {exception.Message}", timeProvider.GetUtcNow());
        if (exception is AiRequestRejectedException rejected)
        {
            // Retrying will not change the Ai service's mind, but dropping the text would lose it: it is
            // retried (at most every RetryMaxDelay) until the Ai service or this configuration is fixed.
            LogRejected(logger, message.Message.Value.Id, message.TopicPartitionOffset, (int)rejected.StatusCode, attempt, delay.TotalSeconds, exception);
        }
        else
        {
            LogRetrying(logger, message.Message.Value.Id, message.TopicPartitionOffset, reason, attempt, delay.TotalSeconds, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Text {Id} ({TopicPartitionOffset}) failed on attempt {Attempt} ({Reason}); retrying in {DelaySeconds:0.###} s.")]
    private static partial void LogRetrying(ILogger logger, Guid id, TopicPartitionOffset topicPartitionOffset, string reason, int attempt, double delaySeconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The Ai service rejected text {Id} ({TopicPartitionOffset}) with {StatusCode} on attempt {Attempt}. This will not pass until the Ai service or the Inference configuration changes; the text is kept and retried in {DelaySeconds:0.###} s.")]
    private static partial void LogRejected(ILogger logger, Guid id, TopicPartitionOffset topicPartitionOffset, int statusCode, int attempt, double delaySeconds, Exception exception);
}
