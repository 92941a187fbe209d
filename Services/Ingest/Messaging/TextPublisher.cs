using AiMesh.Contracts;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Messaging;

/// <summary>
/// Publishes accepted texts to <see cref="Topics.Data"/>, keyed by id, and waits for Kafka's
/// acknowledgement. librdkafka itself fails a message after <see cref="IngestOptions.PublishTimeout"/>
/// (see <see cref="DataTopicProducer.ApplyPublishTimeout"/>); the wait is also capped here, a little
/// later, because librdkafka checks message timeouts about once a second. While Kafka is unreachable
/// (<see cref="KafkaAvailability"/>) a text is not produced at all: it fails at once.
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

    /// <summary>
    /// Sends <paramref name="submission"/> and waits for the outcome. When the client goes away
    /// (<paramref name="requestAborted"/>) the wait ends with <see cref="OperationCanceledException"/>;
    /// the message may still be delivered, which breaks no promise since no answer was given. A text
    /// already sent when Kafka becomes unreachable still waits for its verdict: librdkafka may yet deliver
    /// it, so answering 503 early could break the promise that a 503 is final.
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
            var reason = exception.Error.Code == ErrorCode.Local_MsgTimedOut
                ? $"Kafka did not acknowledge the text within {_publishTimeout}."
                : $"Kafka refused the text: {exception.Error.Reason}.";
            LogPublishFailed(logger, submission.Id, exception.Error.Code, exception.Error.Reason);
            return PublishOutcome.Failed(reason, _publishTimeout);
        }
        catch (KafkaException exception)
        {
            LogPublishFailed(logger, submission.Id, exception.Error.Code, exception.Error.Reason);
            return PublishOutcome.Failed($"Kafka refused the text: {exception.Error.Reason}.", _publishTimeout);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            LogNoDeliveryReport(logger, submission.Id, _publishTimeout + DeliveryReportGrace);
            return PublishOutcome.Failed($"Kafka did not acknowledge the text within {_publishTimeout}.", _publishTimeout);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Text {Id} was not published: {Code} {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, Guid id, ErrorCode code, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Text {Id}: librdkafka gave no delivery report within {Wait}; answering that it failed.")]
    private static partial void LogNoDeliveryReport(ILogger logger, Guid id, TimeSpan wait);

    [LoggerMessage(3, LogLevel.Debug, "Text {Id} was not published: Kafka is unreachable.")]
    private static partial void LogRefusedUnreachable(ILogger logger, Guid id);
}
