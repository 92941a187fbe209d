using AiMesh.Contracts;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Messaging;

/// <summary>
/// Publishes accepted texts to <see cref="Topics.Data"/>, keyed by id, and waits for Kafka's
/// acknowledgement. librdkafka itself fails a message after <see cref="IngestOptions.PublishTimeout"/>
/// (see <see cref="DataTopicProducer.ApplyPublishTimeout"/>); the wait is also capped here, a little
/// later, because librdkafka checks message timeouts about once a second. While Kafka is unreachable
/// (<see cref="KafkaAvailability"/>) a text is not produced at all: it fails at once. A text whose wait
/// timed out is <see cref="PublishOutcome.Unconfirmed"/>, not failed: it may have reached a broker that
/// was only slow, and that broker writes it after all.
/// </summary>
internal sealed partial class TextPublisher(
    IProducer<string, TextSubmitted> producer,
    KafkaAvailability availability,
    IOptions<IngestOptions> options,
    ILogger<TextPublisher> logger)
{
    /// <summary>How much later than the publish timeout the wait for librdkafka's verdict gives up.</summary>
    public static readonly TimeSpan DeliveryReportGrace = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _publishTimeout = options.Value.PublishTimeout;

    private string NotAcknowledgedInTime => $"Kafka did not acknowledge the text within {_publishTimeout}.";

    /// <summary>
    /// Sends <paramref name="submission"/> and waits for the outcome. When the client goes away
    /// (<paramref name="requestAborted"/>) the wait ends with <see cref="OperationCanceledException"/>;
    /// the message may still be delivered, which breaks no promise since no answer was given. A text
    /// already sent when Kafka becomes unreachable still waits for its verdict: librdkafka may yet deliver
    /// it, so failing it early could break the promise that a failure is final.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(TextSubmitted submission, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(submission);

        var seen = availability.Current;
        if (seen.Reachability == KafkaReachability.Unreachable)
        {
            LogRefusedUnreachable(logger, submission.Id);
            return PublishOutcome.Failed($"Kafka is unreachable since {seen.Since:u}: {seen.Description}.", KafkaAvailability.RetryAfter);
        }

        var message = new Message<string, TextSubmitted> { Key = submission.Id.ToString(), Value = submission };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(_publishTimeout + DeliveryReportGrace);
        try
        {
            await producer.ProduceAsync(Topics.Data, message, deadline.Token).ConfigureAwait(false);
            availability.OnBrokerAnswered(seen, "a text was acknowledged");
            return PublishOutcome.Success;
        }
        catch (ProduceException<string, TextSubmitted> exception)
        {
            LogPublishFailed(logger, submission.Id, exception.Error.Code, exception.Error.Reason, exception.DeliveryResult?.Status);
            if (IsTimeout(exception.Error.Code))
            {
                return PublishOutcome.Unconfirmed(NotAcknowledgedInTime);
            }

            return exception.DeliveryResult?.Status == PersistenceStatus.NotPersisted
                ? PublishOutcome.Failed($"Kafka refused the text: {exception.Error.Reason}.", _publishTimeout)
                : PublishOutcome.Unconfirmed($"Kafka did not confirm the text: {exception.Error.Reason}.");
        }
        catch (KafkaException exception)
        {
            // Thrown by Produce itself (a full queue, say): the message never left this process.
            LogPublishFailed(logger, submission.Id, exception.Error.Code, exception.Error.Reason, PersistenceStatus.NotPersisted);
            return PublishOutcome.Failed($"Kafka refused the text: {exception.Error.Reason}.", _publishTimeout);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            // The message is still librdkafka's, and may be on its way to a broker or in one already.
            LogNoDeliveryReport(logger, submission.Id, _publishTimeout + DeliveryReportGrace);
            return PublishOutcome.Unconfirmed(NotAcknowledgedInTime);
        }
    }

    /// <summary>
    /// A timeout, after which a broker may still write the message whatever its persistence status says:
    /// librdkafka reports a message whose request reached a broker and then timed out in flight as not
    /// persisted, and the broker writes it. For other errors that status tells.
    /// </summary>
    private static bool IsTimeout(ErrorCode code) =>
        code is ErrorCode.Local_MsgTimedOut or ErrorCode.Local_TimedOut or ErrorCode.RequestTimedOut;

    [LoggerMessage(1, LogLevel.Warning, "Text {Id} was not acknowledged: {Code} {Reason} ({Persistence})")]
    private static partial void LogPublishFailed(ILogger logger, Guid id, ErrorCode code, string reason, PersistenceStatus? persistence);

    [LoggerMessage(2, LogLevel.Warning, "Text {Id}: librdkafka gave no delivery report within {Wait}; answering that Kafka may have it.")]
    private static partial void LogNoDeliveryReport(ILogger logger, Guid id, TimeSpan wait);

    [LoggerMessage(3, LogLevel.Debug, "Text {Id} was not published: Kafka is unreachable.")]
    private static partial void LogRefusedUnreachable(ILogger logger, Guid id);
}
