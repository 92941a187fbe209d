using System.Data.Common;
using System.Diagnostics;
using AiMesh.Contracts;
using AiMesh.Results.Broadcasting;
using AiMesh.Results.Storage;
using AiMesh.Results.Telemetry;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.ServiceDefaults.Resilience;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiMesh.Results.Consuming;

/// <summary>
/// Handles one batch of result-topic messages: reads each, stores the results in one statement and one
/// commit, dead-letters what can never be stored, then lets the caller store the offsets, then pushes the
/// new results to the WebSocket clients. That order keeps delivery at-least-once into the table: no
/// offset is stored before every message of the batch is either in the table or in result-topic.dlq, so
/// a crash anywhere in a batch reads the whole batch again, and the insert keeps the row each id has.
/// </summary>
/// <remarks>
/// <para>
/// Exactly one row per id: the first answer stored for an id wins (<c>ON CONFLICT DO NOTHING</c>). A
/// statement cannot both insert an id and find it stored, so an id that comes twice in one batch (Kafka
/// redelivers at least once) is inserted from its first copy and the later copy counts as a duplicate.
/// Only the ids the insert returns are pushed and counted as stored.
/// </para>
/// <para>
/// Failures: an unreachable database holds the whole batch and retries it with backoff, for as long as it
/// takes; nothing is dead-lettered for it. A row the database refuses fails the whole statement, so the
/// batch is then stored row by row and only the refused rows are dead-lettered.
/// </para>
/// <para>
/// Telemetry: every message keeps its own processing span, so each text's trace stays whole. The batch's
/// insert is one database span and its push one push span, each a child of one message's processing
/// span; the push links to the other pushed messages' spans.
/// </para>
/// </remarks>
internal sealed partial class ResultBatchHandler(
    ResultStore store,
    DeadLetterPublisher deadLetters,
    WebSocketBroadcaster<InferenceResult> broadcaster,
    ConsumerStatus status,
    ResultsMetrics metrics,
    IOptions<ResultsOptions> options,
    TimeProvider timeProvider,
    ILogger<ResultBatchHandler> logger)
{
    /// <summary>Handles <paramref name="messages"/>, all read from result-topic, in the order they were read.</summary>
    /// <param name="messages">The batch; messages without a value (e.g. partition EOF events) are not expected.</param>
    /// <param name="storeOffsets">
    /// Called once the batch is durable, with the next offset to read of each partition the batch holds;
    /// not called when handling ends early (a shutdown), so the batch is read again.
    /// </param>
    /// <param name="stoppingToken">
    /// Ends the wait for the database or Kafka: whatever the batch meets after that goes up to the caller,
    /// and the batch's offsets stay unstored.
    /// </param>
    public async Task HandleAsync(
        IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages,
        Action<IReadOnlyList<TopicPartitionOffset>> storeOffsets,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(storeOffsets);

        var batch = new BatchMessage[messages.Count];
        try
        {
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = new BatchMessage(messages[i], StartProcessSpan(messages[i]));
            }

            await ReadAllAsync(batch, stoppingToken);
            var readable = Array.FindAll(batch, message => message.Result is not null);
            if (readable.Length > 0)
            {
                await StoreAsync(readable, stoppingToken);
            }

            storeOffsets(NextOffsets(messages));
            Finish(batch);
            Push(readable);
        }
        finally
        {
            foreach (var message in batch)
            {
                message?.Activity?.Dispose();
            }
        }
    }

    /// <summary>Reading is part of handling: a message that is not a storable result is dead-lettered on its own, and the rest go on.</summary>
    private async Task ReadAllAsync(BatchMessage[] batch, CancellationToken stoppingToken)
    {
        foreach (var message in batch)
        {
            try
            {
                message.Result = ResultTopicMessage.Read(message.Message);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                await DeadLetterAsync(message, exception, stoppingToken);
            }
        }
    }

    private async Task StoreAsync(BatchMessage[] readable, CancellationToken stoppingToken)
    {
        // The first copy of each id goes into the statement; a later copy in the same batch is a duplicate.
        Dictionary<Guid, BatchMessage> firstCopies = new(readable.Length);
        foreach (var message in readable)
        {
            if (!firstCopies.TryAdd(message.Result!.Id, message))
            {
                message.Outcome = MessageOutcome.Duplicate;
            }
        }

        var candidates = firstCopies.Values.ToList();
        var inserted = await InsertBatchWithRetryAsync(candidates, stoppingToken);
        if (inserted is null)
        {
            // Every copy, in order, as it would have gone one at a time: should the first copy of an id
            // be refused, a later one that the database accepts is stored.
            await StoreRowByRowAsync(readable, stoppingToken);
            return;
        }

        foreach (var message in candidates)
        {
            message.Outcome = inserted.Contains(message.Result!.Id) ? MessageOutcome.Inserted : MessageOutcome.Duplicate;
        }
    }

    /// <summary>
    /// Inserts the batch in one statement, waiting out an unreachable database for as long as it takes.
    /// Null when the statement failed for something in the batch itself (a row the database refuses, or a
    /// bug some input meets): trying the same statement again would fail the same way.
    /// </summary>
    private async Task<IReadOnlySet<Guid>?> InsertBatchWithRetryAsync(List<BatchMessage> candidates, CancellationToken stoppingToken)
    {
        var results = candidates.ConvertAll(message => message.Result!);
        var backoff = new ExponentialBackoff(options.Value.DatabaseRetryDelay, options.Value.DatabaseRetryMaxDelay);
        while (true)
        {
            try
            {
                IReadOnlySet<Guid> inserted;
                using (CurrentActivity.Enter(candidates[0].Activity))
                {
                    inserted = await store.InsertManyAsync(results, stoppingToken);
                }

                if (backoff.Failures > 0)
                {
                    LogDatabaseRecovered(logger, results.Count, backoff.Failures);
                }

                return inserted;
            }
            catch (DbException exception) when (!stoppingToken.IsCancellationRequested && !(exception is PostgresException refused && RefusesTheRow(refused)))
            {
                status.DatabaseFailed(exception.Message);
                var delay = backoff.NextDelay();
                LogDatabaseFailed(logger, results.Count, backoff.Failures, delay.TotalSeconds, exception.Message);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchRefused(logger, results.Count, exception.Message);
                return null;
            }
        }
    }

    private async Task StoreRowByRowAsync(BatchMessage[] readable, CancellationToken stoppingToken)
    {
        foreach (var message in readable)
        {
            try
            {
                bool inserted;
                using (CurrentActivity.Enter(message.Activity))
                {
                    inserted = await StoreRowWithRetryAsync(message.Result!, stoppingToken);
                }

                message.Outcome = inserted ? MessageOutcome.Inserted : MessageOutcome.Duplicate;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The row can never be stored: the database refuses it, or a bug this input meets. It waits
                // in result-topic.dlq for a fix and a replay; its partition moves on.
                await DeadLetterAsync(message, exception, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Inserts one result, waiting out an unreachable database for as long as it takes: a message is
    /// never dead-lettered because the database was down, only when the row itself is refused.
    /// </summary>
    /// <exception cref="PostgresException">The database refused this row; trying again would fail the same way.</exception>
    private async Task<bool> StoreRowWithRetryAsync(InferenceResult result, CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(options.Value.DatabaseRetryDelay, options.Value.DatabaseRetryMaxDelay);
        while (true)
        {
            try
            {
                var inserted = await store.TryInsertAsync(result, stoppingToken);
                if (backoff.Failures > 0)
                {
                    LogDatabaseRecovered(logger, 1, backoff.Failures);
                }

                return inserted;
            }
            catch (DbException exception) when (!stoppingToken.IsCancellationRequested && !(exception is PostgresException refused && RefusesTheRow(refused)))
            {
                status.DatabaseFailed(exception.Message);
                var delay = backoff.NextDelay();
                LogDatabaseFailed(logger, 1, backoff.Failures, delay.TotalSeconds, exception.Message);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Data exceptions (class 22, e.g. a NUL character in text) and integrity violations (class 23) are
    /// about a row: retrying it would fail the same way forever and hold up its whole partition.
    /// Everything else (no connection, no database, no table, a deadlock, a shutdown) is the database's
    /// state and passes.
    /// </summary>
    private static bool RefusesTheRow(PostgresException exception) =>
        exception.SqlState.StartsWith("22", StringComparison.Ordinal) || exception.SqlState.StartsWith("23", StringComparison.Ordinal);

    private async Task DeadLetterAsync(BatchMessage message, Exception exception, CancellationToken stoppingToken)
    {
        message.Activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        using (CurrentActivity.Enter(message.Activity))
        {
            await deadLetters.PublishAsync(message.Message, DeadLetterReason.From(exception, attempts: 1), stoppingToken);
        }

        message.Outcome = MessageOutcome.DeadLettered;
    }

    /// <summary>The next offset to read of each partition: one past the highest offset of the batch there.</summary>
    private static List<TopicPartitionOffset> NextOffsets(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages)
    {
        Dictionary<TopicPartition, Offset> highest = [];
        foreach (var message in messages)
        {
            if (!highest.TryGetValue(message.TopicPartition, out var offset) || message.Offset > offset)
            {
                highest[message.TopicPartition] = message.Offset;
            }
        }

        return [.. highest.Select(partition => new TopicPartitionOffset(partition.Key, partition.Value + 1))];
    }

    private void Finish(BatchMessage[] batch)
    {
        var now = timeProvider.GetUtcNow();
        metrics.BatchHandled(batch.Length);
        foreach (var message in batch)
        {
            status.Finished(now, deadLettered: message.Outcome == MessageOutcome.DeadLettered);
            switch (message.Outcome)
            {
                case MessageOutcome.Inserted:
                    metrics.Stored();
                    break;
                case MessageOutcome.Duplicate:
                    // Clients already had this id (or load it from the API); the losing answer is not shown.
                    metrics.Duplicate();
                    LogDuplicate(logger, message.Result!.Id, message.Message.Topic, message.Message.Partition.Value, message.Message.Offset.Value);
                    break;
            }
        }
    }

    /// <summary>One push for the batch's new results, in the order they were read; every client gets them in one enqueue.</summary>
    private void Push(BatchMessage[] readable)
    {
        var fresh = Array.FindAll(readable, message => message.Outcome == MessageOutcome.Inserted);
        if (fresh.Length == 0)
        {
            return;
        }

        var links = fresh.Skip(1)
            .Where(message => message.Activity is not null)
            .Select(message => new ActivityLink(message.Activity!.Context));
        using (CurrentActivity.Enter(fresh[0].Activity))
        {
            broadcaster.PublishMany(Array.ConvertAll(fresh, message => message.Result!), links);
        }
    }

    /// <summary>
    /// Starts the message's processing span without leaving it current: the spans of a batch live side by
    /// side, and one left current would become the parent of the next message that carries no trace context.
    /// </summary>
    private static Activity? StartProcessSpan(ConsumeResult<byte[]?, byte[]?> message)
    {
        var ambient = Activity.Current;
        var activity = message.StartProcessActivity();
        Activity.Current = ambient;
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Result {ResultId} at {Topic} [{Partition}] @{Offset} was stored already; kept the stored answer")]
    private static partial void LogDuplicate(ILogger logger, Guid resultId, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Count} result(s) (attempt {Attempt}); retrying in {DelaySeconds:0.00} s: {Reason}")]
    private static partial void LogDatabaseFailed(ILogger logger, int count, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored {Count} result(s) after {FailedAttempts} failed attempt(s): the database is back")]
    private static partial void LogDatabaseRecovered(ILogger logger, int count, int failedAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} result(s) was refused ({Reason}); storing it row by row to find the rows that cannot be stored")]
    private static partial void LogBatchRefused(ILogger logger, int count, string reason);
}
