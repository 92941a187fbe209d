using AiMesh.Contracts;
using AiMesh.Inference.Processing;
using Confluent.Kafka;

namespace AiMesh.Inference.Worker;

/// <summary>
/// The consume loop: takes data-topic messages one at a time (the pipeline's parallelism comes from the
/// replicas and partitions), as bytes, and has <see cref="MessageProcessor"/> take each to an end (an
/// acknowledged result or a dead letter) before its offset is stored for the consumer's background commit.
/// Nothing in a message's content can end the loop: reading it is part of handling it. A crash or stop
/// mid-message leaves that offset unstored, so the message is consumed again: at least once, never lost.
/// </summary>
internal sealed partial class InferenceWorker(
    IConsumer<byte[]?, byte[]?> consumer,
    MessageProcessor processor,
    PartitionAssignments assignments,
    WorkerStatus status,
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

    private ConsumeResult<byte[]?, byte[]?>? Consume(CancellationToken stoppingToken)
    {
        try
        {
            return consumer.Consume(stoppingToken);
        }
        catch (ConsumeException exception) when (!exception.Error.IsFatal)
        {
            // librdkafka retries on its own; the pause keeps a persistent error from spinning this loop.
            LogConsumeError(logger, exception.Error.Code, exception.Error.Reason);
            stoppingToken.WaitHandle.WaitOne(s_consumeErrorPause);
            return null;
        }
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

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not store the offset after {Handled} ({Reason}); the partition's new owner will publish that result again.")]
    private static partial void LogStoreFailed(ILogger logger, TopicPartitionOffset handled, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the consumer failed; the group notices this member is gone after the session timeout.")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);
}
