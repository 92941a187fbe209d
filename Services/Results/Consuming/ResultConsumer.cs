using System.Data.Common;
using AiMesh.Contracts;
using AiMesh.Results.Broadcasting;
using AiMesh.Results.Storage;
using AiMesh.Results.Storage.Migrations;
using AiMesh.Results.Telemetry;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.ServiceDefaults.Resilience;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiMesh.Results.Consuming;

/// <summary>
/// The consume loop of <see cref="Topics.Results"/>: each result is stored, then its offset, then it is
/// pushed to the WebSocket clients. That order makes delivery at-least-once into the table: an offset
/// is stored only for a message the table holds (or, for one that can never be stored, once it is in
/// result-topic.dlq), and a message seen again (after a crash or a rebalance) finds its id stored and
/// changes nothing. Messages come as bytes: reading one is part of handling it, so nothing in a
/// message's content can end the loop.
/// </summary>
internal sealed partial class ResultConsumer(
    IConsumer<byte[]?, byte[]?> consumer,
    ResultStore store,
    DeadLetterPublisher deadLetters,
    WebSocketBroadcaster<InferenceResult> broadcaster,
    MigrationState migrations,
    ConsumerStatus status,
    ResultsMetrics metrics,
    IOptions<ResultsOptions> options,
    TimeProvider timeProvider,
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

        consumer.Subscribe(Topics.Results);
        LogSubscribed(logger, Topics.Results);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = ConsumeLoopSteps.Poll(consumer, s_pollTimeout, logger);
                status.Polled();
                if (message?.Message is not null)
                {
                    await HandleAsync(message, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the message in hand (if any) keeps its offset unstored and comes again.
        }
        finally
        {
            status.Stopped();
            ConsumeLoopSteps.Close(consumer, logger);
        }
    }

    private async Task HandleAsync(ConsumeResult<byte[]?, byte[]?> message, CancellationToken stoppingToken)
    {
        using var activity = message.StartProcessActivity();
        InferenceResult result;
        StoreOutcome outcome;
        try
        {
            result = ResultTopicMessage.Read(message);
            outcome = await StoreWithRetryAsync(result, stoppingToken);
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && stoppingToken.IsCancellationRequested))
        {
            // The message can never be stored: not a result, a row the database refuses, or a bug this
            // input meets. It waits in result-topic.dlq for a fix and a replay; its partition moves on.
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
            await deadLetters.PublishAsync(message, DeadLetterReason.From(exception, attempts: 1), stoppingToken);
            status.Finished(timeProvider.GetUtcNow(), deadLettered: true);
            StoreOffset(message.TopicPartitionOffset);
            return;
        }

        StoreOffset(message.TopicPartitionOffset);
        status.Finished(timeProvider.GetUtcNow(), deadLettered: false);
        if (outcome == StoreOutcome.Inserted)
        {
            metrics.Stored();
            broadcaster.Publish(result);
        }
        else
        {
            // Clients already had this id (or load it from the API); the losing answer is not shown.
            metrics.Duplicate();
            LogDuplicate(logger, result.Id, message.Topic, message.Partition.Value, message.Offset.Value);
        }
    }

    /// <summary>
    /// Inserts the result, waiting out an unreachable database for as long as it takes: a message is
    /// never dead-lettered because the database was down, only when the row itself is refused.
    /// </summary>
    /// <exception cref="PostgresException">The database refused this row; trying again would fail the same way.</exception>
    private async Task<StoreOutcome> StoreWithRetryAsync(InferenceResult result, CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(options.Value.DatabaseRetryDelay, options.Value.DatabaseRetryMaxDelay);
        while (true)
        {
            try
            {
                var inserted = await store.TryInsertAsync(result, stoppingToken);
                if (backoff.Failures > 0)
                {
                    LogDatabaseRecovered(logger, result.Id, backoff.Failures);
                }

                return inserted ? StoreOutcome.Inserted : StoreOutcome.Duplicate;
            }
            catch (DbException exception) when (!stoppingToken.IsCancellationRequested && !(exception is PostgresException refused && RefusesTheRow(refused)))
            {
                status.DatabaseFailed(exception.Message);
                var delay = backoff.NextDelay();
                LogDatabaseFailed(logger, result.Id, backoff.Failures, delay.TotalSeconds, exception.Message);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Data exceptions (class 22, e.g. a NUL character in text) and integrity violations (class 23) are
    /// about this row: retrying it would fail the same way forever and hold up its whole partition.
    /// Everything else (no connection, no database, no table, a shutdown) is the database's state and passes.
    /// </summary>
    private static bool RefusesTheRow(PostgresException exception) =>
        exception.SqlState.StartsWith("22", StringComparison.Ordinal) || exception.SqlState.StartsWith("23", StringComparison.Ordinal);

    /// <param name="message">The finished message's own position; the stored offset is the next one to read.</param>
    private void StoreOffset(TopicPartitionOffset message)
    {
        try
        {
            consumer.StoreOffset(new TopicPartitionOffset(message.TopicPartition, message.Offset + 1));
        }
        catch (KafkaException exception)
        {
            // The partition was revoked meanwhile: its new owner reads the message again, and the
            // insert ignores the id it finds stored.
            LogOffsetNotStored(logger, message.Topic, message.Partition.Value, message.Offset.Value, exception.Error.Reason);
        }
    }

    private enum StoreOutcome
    {
        Inserted,
        Duplicate,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic}")]
    private static partial void LogSubscribed(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Result {ResultId} at {Topic} [{Partition}] @{Offset} was stored already; kept the stored answer")]
    private static partial void LogDuplicate(ILogger logger, Guid resultId, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store result {ResultId} (attempt {Attempt}); retrying in {DelaySeconds:0.00} s: {Reason}")]
    private static partial void LogDatabaseFailed(ILogger logger, Guid resultId, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored result {ResultId} after {FailedAttempts} failed attempt(s): the database is back")]
    private static partial void LogDatabaseRecovered(ILogger logger, Guid resultId, int failedAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the offset of {Topic} [{Partition}] @{Offset}; it will be read again: {Reason}")]
    private static partial void LogOffsetNotStored(ILogger logger, string topic, int partition, long offset, string reason);
}
