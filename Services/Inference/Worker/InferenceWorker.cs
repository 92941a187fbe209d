using System.Runtime.ExceptionServices;
using AiMesh.Contracts;
using AiMesh.Inference.Processing;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Worker;

/// <summary>
/// The consume loop: takes data-topic messages, as bytes, and starts <see cref="MessageProcessor"/> on each
/// without waiting for it, so up to <see cref="InferenceOptions.MaxInFlight"/> messages are handled at once
/// (each to an end: an acknowledged result or a dead letter). Offsets are stored, for the consumer's
/// background commit, only up to the lowest unfinished message of each partition (<see cref="OffsetTracker"/>):
/// a crash or stop leaves every unfinished message uncommitted, so it is consumed again. At least once,
/// never lost. Nothing in a message's content can end the loop: reading it is part of handling it.
/// </summary>
/// <remarks>
/// <para>
/// Backpressure without blocking: at the bound the loop pauses its partitions and keeps calling
/// <c>Consume</c> (so the group's heartbeats, rebalance callbacks and max.poll.interval.ms are served),
/// resuming once fewer than three quarters of the bound are left. Partitions assigned while paused are
/// paused too. librdkafka drops what it prefetched for a paused partition and fetches it again on resume.
/// </para>
/// <para>
/// Stopping: the loop stops consuming, gives the messages in flight <see cref="InferenceOptions.DrainTimeout"/>
/// to finish, stores the offsets of those that did, abandons the rest and closes the consumer (which
/// commits). A fatal Kafka error in any message kills the loop, as does one from Consume.
/// </para>
/// </remarks>
internal sealed partial class InferenceWorker(
    IConsumer<byte[]?, byte[]?> consumer,
    MessageProcessor processor,
    PartitionAssignments assignments,
    OffsetTracker offsets,
    WorkerStatus status,
    IOptions<InferenceOptions> options,
    TimeProvider timeProvider,
    ILogger<InferenceWorker> logger) : BackgroundService
{
    private static readonly TimeSpan s_consumeErrorPause = TimeSpan.FromSeconds(1);

    // How long one Consume waits for a message: also how soon finished messages' offsets are stored when
    // none arrive, and how soon a paused loop notices it may resume.
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_pausedPollInterval = TimeSpan.FromMilliseconds(10);

    private readonly int _maxInFlight = options.Value.MaxInFlight;
    private readonly int _resumeBelow = Math.Max(1, options.Value.MaxInFlight * 3 / 4);
    private readonly TimeSpan _drainTimeout = options.Value.DrainTimeout;

    // Cancelled once the drain on stopping is over: what is still in flight then is abandoned.
    private readonly CancellationTokenSource _abandon = new();
    // Set by every message that ends, so the drain wakes as soon as one does. Not disposed: an abandoned
    // message may still set it after the worker is gone, and it holds no kernel handle (WaitHandle is never read).
    private readonly ManualResetEventSlim _messageEnded = new(initialState: false);
    private int _inFlight;
    private ExceptionDispatchInfo? _fatal;

    // Consume-thread state: the partitions paused (null while consuming freely) and the assignment seen last.
    private HashSet<TopicPartition>? _paused;
    private bool _everPaused;
    private int _assignmentVersion = -1;
    private HashSet<TopicPartition> _assignment = [];

    /// <summary>How many messages this loop has started and not yet seen end.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public override void Dispose()
    {
        base.Dispose();
        _abandon.Dispose();
    }

    // Consume blocks its thread, so the loop gets a thread of its own: the host's start-up and the thread
    // pool never wait on it. Consume, StoreOffset, Pause, Resume and Close are all called from it.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        status.Running();
        var drain = false;
        try
        {
            consumer.Subscribe(Topics.Data);
            LogStarted(logger, Topics.Data, _maxInFlight);
            while (!stoppingToken.IsCancellationRequested)
            {
                _fatal?.Throw();
                StoreFinished();
                ApplyBackpressure();
                if (Consume(stoppingToken) is { } message)
                {
                    Start(message);
                }
            }

            drain = true;
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
            Finish(drain);
        }
    }

    private ConsumeResult<byte[]?, byte[]?>? Consume(CancellationToken stoppingToken)
    {
        try
        {
            return consumer.Consume(_paused is null ? s_pollInterval : s_pausedPollInterval);
        }
        catch (ConsumeException exception) when (!exception.Error.IsFatal)
        {
            // librdkafka retries on its own; the pause keeps a persistent error from spinning this loop.
            LogConsumeError(logger, exception.Error.Code, exception.Error.Reason);
            stoppingToken.WaitHandle.WaitOne(s_consumeErrorPause);
            return null;
        }
    }

    private void Start(ConsumeResult<byte[]?, byte[]?> message)
    {
        var tracked = offsets.Started(message.TopicPartitionOffset);
        Interlocked.Increment(ref _inFlight);

        // Off this thread at once: whatever a message does before its first await (reading it, the
        // cache's first steps) must not hold up the loop.
        _ = Task.Run(() => ProcessAsync(message, tracked));
    }

    private async Task ProcessAsync(ConsumeResult<byte[]?, byte[]?> message, TrackedMessage tracked)
    {
        try
        {
            await processor.ProcessAsync(message, _abandon.Token).ConfigureAwait(false);
            offsets.Finished(tracked);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // Abandoned on stopping: its offset stays unstored, so the message is consumed again.
        }
        catch (Exception exception)
        {
            // A fatal Kafka error (the processor lets nothing else out): the loop dies with it.
            Interlocked.CompareExchange(ref _fatal, ExceptionDispatchInfo.Capture(exception), null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _messageEnded.Set();
        }
    }

    /// <summary>Stores, for the background commit, the offsets that finished messages moved forward.</summary>
    private void StoreFinished()
    {
        foreach (var offset in offsets.TakeAdvanced())
        {
            StoreOffset(consumer, offset, logger);
        }
    }

    /// <summary>Stores <paramref name="offset"/> (the next message to read) for the consumer's background commit.</summary>
    internal static void StoreOffset(IConsumer<byte[]?, byte[]?> consumer, TopicPartitionOffset offset, ILogger logger)
    {
        try
        {
            consumer.StoreOffset(offset);
        }
        catch (KafkaException exception)
        {
            // The partition moved to another member before the revocation reached this loop; its new
            // owner reads the finished messages again and publishes their results once more (at least once).
            LogStoreFailed(logger, offset, exception.Error.Reason);
        }
    }

    private void ApplyBackpressure()
    {
        var inFlight = InFlight;
        if (_paused is null && inFlight >= _maxInFlight)
        {
            _paused = [.. consumer.Assignment];
            _everPaused = true;
            consumer.Pause(_paused);
            status.ConsumptionPaused(true);
            LogPaused(logger, inFlight);
        }
        else if (_paused is not null && inFlight < _resumeBelow)
        {
            _paused = null;
            consumer.Resume(consumer.Assignment);
            status.ConsumptionPaused(false);
            LogResumed(logger, inFlight);
        }

        FollowAssignment();
    }

    /// <summary>
    /// Partitions assigned since the last turn take the loop's state: paused while it is paused; and, once
    /// the loop has ever paused, explicitly resumed otherwise (one revoked while paused may come back still
    /// marked paused, and nothing else would resume it).
    /// </summary>
    private void FollowAssignment()
    {
        var version = assignments.Version;
        if (version == _assignmentVersion)
        {
            return;
        }

        _assignmentVersion = version;
        var assignment = consumer.Assignment.ToHashSet();
        List<TopicPartition> added = [.. assignment.Where(partition => !_assignment.Contains(partition))];
        _assignment = assignment;
        if (added.Count == 0)
        {
            return;
        }

        if (_paused is not null)
        {
            consumer.Pause(added);
            _paused.UnionWith(added);
        }
        else if (_everPaused)
        {
            consumer.Resume(added);
        }
    }

    /// <summary>
    /// The loop has ended: on a stop, the messages in flight get the drain timeout to finish; then the rest
    /// are abandoned, the finished ones' offsets stored, and the consumer closed, which commits them.
    /// </summary>
    private void Finish(bool drain)
    {
        if (drain && InFlight > 0)
        {
            LogDraining(logger, InFlight, _drainTimeout.TotalSeconds);
            var started = timeProvider.GetTimestamp();
            while (true)
            {
                _messageEnded.Reset();
                StoreFinished();
                var left = _drainTimeout - timeProvider.GetElapsedTime(started);
                if (InFlight == 0 || left <= TimeSpan.Zero)
                {
                    break;
                }

                _messageEnded.Wait(left);
            }

            if (InFlight > 0)
            {
                LogAbandoned(logger, InFlight);
            }
        }

        _abandon.Cancel();
        try
        {
            StoreFinished();
        }
        catch (ObjectDisposedException)
        {
            // The consumer is already gone: nothing more can be stored.
        }

        Close();
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
            offsets.Clear();
            status.ConsumptionPaused(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic}, up to {MaxInFlight} messages at once.")]
    private static partial void LogStarted(ILogger logger, string topic, int maxInFlight);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The consume loop died; this replica consumes nothing until it is restarted.")]
    private static partial void LogDied(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consuming failed ({Code}: {Reason}); trying again.")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not store offset {Offset} ({Reason}); the partition's new owner will publish the results before it again.")]
    private static partial void LogStoreFailed(ILogger logger, TopicPartitionOffset offset, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{InFlight} messages in flight: pausing the partitions.")]
    private static partial void LogPaused(ILogger logger, int inFlight);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{InFlight} messages in flight: resuming the partitions.")]
    private static partial void LogResumed(ILogger logger, int inFlight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: waiting up to {DrainSeconds} s for the {InFlight} messages in flight.")]
    private static partial void LogDraining(ILogger logger, int inFlight, double drainSeconds);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Stopping: {InFlight} messages did not finish in time and are abandoned; they are consumed again from their uncommitted offsets.")]
    private static partial void LogAbandoned(ILogger logger, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the consumer failed; the group notices this member is gone after the session timeout.")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);
}
