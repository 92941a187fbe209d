using AiMesh.Contracts;
using AiMesh.Results.Storage.Migrations;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Consuming;

/// <summary>
/// The consume loop of <see cref="Topics.Results"/>: it waits up to a second for a message, takes with it
/// whatever else is ready at once (never waiting to fill a batch, up to <see cref="ResultsOptions.MaxBatchSize"/>),
/// and hands the batch to <see cref="ResultBatchHandler"/>, which stores it in one commit, has the offsets
/// stored here, then pushes. Batches are as small as the load allows: one message while the topic is
/// quiet, many while the consumer catches up. Messages come as bytes: reading one is part of handling it,
/// so nothing in a message's content can end the loop.
/// </summary>
internal sealed partial class ResultConsumer(
    IConsumer<byte[]?, byte[]?> consumer,
    ResultBatchHandler handler,
    MigrationState migrations,
    ConsumerStatus status,
    IOptions<ResultsOptions> options,
    ILogger<ResultConsumer> logger) : BackgroundService
{
    /// <summary>The consumer group, unless configuration names another.</summary>
    public const string GroupId = ConsumerGroups.Results;

    // Short enough that the loop shows signs of life to its health check while the topic is idle.
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // No message is read before the table it goes into exists.
        await migrations.WaitAsync(stoppingToken);
        await ConsumeLoopSteps.RunOnOwnThread(() => Run(stoppingToken));
    }

    private void Run(CancellationToken stoppingToken)
    {
        consumer.Subscribe(Topics.Results);
        LogSubscribed(logger, Topics.Results);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = NextBatch(stoppingToken);
                status.Polled();
                if (batch.Count > 0)
                {
                    // The next batch is read only after this one is stored: this thread has nothing else to do.
                    handler.HandleAsync(batch, StoreOffsets, stoppingToken).GetAwaiter().GetResult();
                }
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever the batch in hand met, its offsets stay unstored and it comes again.
        }
        finally
        {
            status.Stopped();
            ConsumeLoopSteps.Close(consumer, logger);
        }
    }

    /// <summary>
    /// The first message to come within the poll timeout, then every message librdkafka holds fetched
    /// already, up to the batch size; empty when none came.
    /// </summary>
    private List<ConsumeResult<byte[]?, byte[]?>> NextBatch(CancellationToken stoppingToken)
    {
        List<ConsumeResult<byte[]?, byte[]?>> batch = [];
        if (ConsumeLoopSteps.Poll(consumer, s_pollTimeout, logger) is not { Message: not null } first)
        {
            return batch;
        }

        batch.Add(first);
        var maxBatchSize = options.Value.MaxBatchSize;
        while (batch.Count < maxBatchSize && !stoppingToken.IsCancellationRequested
            && ConsumeLoopSteps.Poll(consumer, TimeSpan.Zero, logger) is { } next)
        {
            if (next.Message is not null)
            {
                batch.Add(next);
            }
        }

        return batch;
    }

    /// <param name="nextOffsets">The next offset to read of each partition the batch held.</param>
    private void StoreOffsets(IReadOnlyList<TopicPartitionOffset> nextOffsets)
    {
        foreach (var next in nextOffsets)
        {
            try
            {
                consumer.StoreOffset(next);
            }
            catch (KafkaException exception)
            {
                // The partition was revoked meanwhile: its new owner reads those messages again, and the
                // insert ignores the ids it finds stored.
                LogOffsetNotStored(logger, next.Topic, next.Partition.Value, next.Offset.Value, exception.Error.Reason);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic}")]
    private static partial void LogSubscribed(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the offset {Offset} of {Topic} [{Partition}]; what comes before it will be read again: {Reason}")]
    private static partial void LogOffsetNotStored(ILogger logger, string topic, int partition, long offset, string reason);
}
