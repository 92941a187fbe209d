using Confluent.Kafka;

namespace AiMesh.Results.Consuming;

/// <summary>
/// What every consume loop of this service does alike: run on a thread of its own, poll through the errors
/// librdkafka recovers from by itself, and leave the group when the loop ends without letting a failing
/// close hide why it ended.
/// </summary>
internal static partial class ConsumeLoopSteps
{
    /// <summary>
    /// Runs <paramref name="loop"/> on a thread of its own, as Inference's consume loop does. Poll blocks its
    /// thread until a message comes or the timeout ends: while both of Results' loops held thread-pool
    /// threads that way, every eng/benchmark.sh run had pushes that came 0.6 to 1.8 s after Inference's
    /// answer, the pool's other work (the pushes, the database's replies) waiting for a free thread.
    /// </summary>
    public static Task RunOnOwnThread(Action loop) =>
        Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The next message, or null when none came within <paramref name="timeout"/> or the poll met a passing error.</summary>
    /// <exception cref="ConsumeException">A fatal error: the client cannot go on.</exception>
    public static ConsumeResult<TKey, TValue>? Poll<TKey, TValue>(IConsumer<TKey, TValue> consumer, TimeSpan timeout, ILogger logger)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException exception) when (!exception.Error.IsFatal)
        {
            // librdkafka recovers from these by itself (a broker away, a rebalance); keep polling.
            LogConsumeError(logger, exception.Error.Code, exception.Error.Reason);
            return null;
        }
    }

    /// <summary>Leaves the group now, which hands the partitions over at once instead of after the session timeout.</summary>
    public static void Close<TKey, TValue>(IConsumer<TKey, TValue> consumer, ILogger logger)
    {
        try
        {
            consumer.Close();
        }
        catch (Exception exception) when (exception is KafkaException or ObjectDisposedException)
        {
            // A failing Close must not hide why the loop ended; the group notices after the session timeout.
            LogCloseFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the consumer failed; the group notices this member is gone after the session timeout.")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);
}
