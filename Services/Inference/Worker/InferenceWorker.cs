using AiMesh.Contracts;
using AiMesh.Inference.Processing;
using AiMesh.Inference.Telemetry;
using Confluent.Kafka;

namespace AiMesh.Inference.Worker;

/// <summary>
/// The consume loop: takes data-topic messages one at a time (the pipeline's parallelism comes from the
/// replicas and partitions), has <see cref="MessageProcessor"/> take each to an acknowledged result, and
/// only then stores its offset for the consumer's background commit. A crash or stop mid-message leaves
/// that offset unstored, so the message is consumed again: at least once, never lost.
/// </summary>
internal sealed partial class InferenceWorker(
    IConsumer<string, TextSubmitted> consumer,
    MessageProcessor processor,
    PartitionAssignments assignments,
    WorkerStatus status,
    InferenceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<InferenceWorker> logger) : BackgroundService
{
    private static readonly TimeSpan s_consumeErrorPause = TimeSpan.FromSeconds(1);

    // Consume blocks its thread until a message comes, so the loop gets a thread of its own: the host's
    // start-up and the thread pool never wait on it.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        status.Running();
        try
        {
            consumer.Subscribe(Topics.Data);
            LogStarted(logger, Topics.Data);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Consume(stoppingToken) is not { } message)
                {
                    continue;
                }

                if (!IsComplete(message.Message.Value))
                {
                    SkipIncomplete(message);
                    continue;
                }

                // The processor is asynchronous; this dedicated thread simply waits for it.
                processor.ProcessAsync(message, stoppingToken).GetAwaiter().GetResult();
                StoreOffset(message.TopicPartitionOffset);
            }

            status.Stopped();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a message in flight is abandoned with its offset unstored, so it is consumed again.
            status.Stopped();
        }
        catch (Exception exception)
        {
            status.Faulted(exception);
            LogDied(logger, exception);
            throw;
        }
        finally
        {
            Close();
        }
    }

    private ConsumeResult<string, TextSubmitted>? Consume(CancellationToken stoppingToken)
    {
        try
        {
            return consumer.Consume(stoppingToken);
        }
        catch (ConsumeException exception) when (exception.Error.Code is ErrorCode.Local_ValueDeserialization or ErrorCode.Local_KeyDeserialization)
        {
            SkipUndeserializable(exception);
            return null;
        }
        catch (ConsumeException exception) when (!exception.Error.IsFatal)
        {
            // librdkafka retries on its own; the pause keeps a persistent error from spinning this loop.
            LogConsumeError(logger, exception.Error.Code, exception.Error.Reason);
            stoppingToken.WaitHandle.WaitOne(s_consumeErrorPause);
            return null;
        }
    }

    /// <summary>
    /// A message whose value is not a <c>TextSubmitted</c> can never succeed: no retry turns its bytes into
    /// one. Leaving its offset unstored would not keep it either; it would only pin the partition's committed
    /// offset, so every later message of that partition would be consumed again after each restart. It is
    /// logged with where to find it (topic, partition, offset) and its offset stored like a handled one.
    /// </summary>
    private void SkipUndeserializable(ConsumeException exception)
    {
        var record = exception.ConsumerRecord;
        metrics.Failed(FailureReasons.Undeserializable);
        status.RecordError($"Skipped undeserializable {record.TopicPartitionOffset}: {exception.Error.Reason}", timeProvider.GetUtcNow());
        LogUndeserializable(logger, record.Topic, record.Partition.Value, record.Offset.Value, exception.Error.Reason, exception.InnerException ?? exception);
        StoreOffset(record.TopicPartitionOffset);
    }

    /// <summary>
    /// JSON leaves missing members at their defaults, so a message can parse and still lack its id or text
    /// (Ingest never sends one; any other producer on a real broker might).
    /// </summary>
    private static bool IsComplete(TextSubmitted? submitted) =>
        submitted is { Text: not null } && submitted.Id != Guid.Empty && !string.IsNullOrWhiteSpace(submitted.Text);

    /// <summary>Like an undeserializable message, an incomplete one can never succeed: logged, and passed over.</summary>
    private void SkipIncomplete(ConsumeResult<string, TextSubmitted> message)
    {
        metrics.Failed(FailureReasons.Undeserializable);
        status.RecordError($"Skipped incomplete {message.TopicPartitionOffset}: no id or no text", timeProvider.GetUtcNow());
        LogIncomplete(logger, message.Topic, message.Partition.Value, message.Offset.Value);
        StoreOffset(message.TopicPartitionOffset);
    }

    /// <param name="handled">The handled message's own position; the stored offset is the next one to read.</param>
    private void StoreOffset(TopicPartitionOffset handled)
    {
        try
        {
            consumer.StoreOffset(new TopicPartitionOffset(handled.TopicPartition, handled.Offset + 1));
        }
        catch (KafkaException exception)
        {
            // The partition moved to another member while this message was handled (a rebalance, or this
            // member outlived max.poll.interval.ms). The result is published; the new owner reads the
            // message again from the last committed offset and publishes it once more (at least once).
            LogStoreFailed(logger, handled, exception.Error.Reason);
        }
    }

    private void Close()
    {
        try
        {
            // Commits the stored offsets and leaves the group at once, so the others take over the
            // partitions now instead of after the session timeout.
            consumer.Close();
        }
        catch (Exception exception) when (exception is KafkaException or ObjectDisposedException)
        {
            LogCloseFailed(logger, exception);
        }
        finally
        {
            assignments.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic}.")]
    private static partial void LogStarted(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The consume loop died; this replica consumes nothing until it is restarted.")]
    private static partial void LogDied(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming failed ({Code}: {Reason}); trying again.")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Skipped the message at topic {Topic} partition {Partition} offset {Offset}: it is not a TextSubmitted ({Reason}). It can never be processed; its offset is stored so the partition moves on.")]
    private static partial void LogUndeserializable(ILogger logger, string topic, int partition, long offset, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Skipped the message at topic {Topic} partition {Partition} offset {Offset}: it has no id or no text. It can never be processed; its offset is stored so the partition moves on.")]
    private static partial void LogIncomplete(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not store the offset after {Handled} ({Reason}); the partition's new owner will publish that result again.")]
    private static partial void LogStoreFailed(ILogger logger, TopicPartitionOffset handled, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the consumer failed; the group notices this member is gone after the session timeout.")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);
}
