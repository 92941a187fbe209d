using System.Collections.Concurrent;
using System.Diagnostics;

namespace AiMesh.Redis;

/// <summary>
/// Enforces <see cref="RedisConnectionOptions.CommandTimeout"/> without a timer per command.
/// Every command on a connection gets the same timeout, so commands expire in the order they were
/// queued: one periodic sweep from the oldest finds every expired one and stops at the first that
/// is still in time. A timed-out command is only settled, never removed from the reply queue, so a
/// late reply is still matched to it and dropped.
/// </summary>
internal sealed class CommandDeadlines
{
    // Fine enough that a timeout fires within a tenth of itself, coarse enough to cost nothing.
    private static readonly TimeSpan s_minimumTick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_maximumTick = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<PendingCommand> _queued = new();
    private readonly TimeSpan _timeout;
    private readonly string _endPoint;

    public CommandDeadlines(TimeSpan timeout, string endPoint)
    {
        _timeout = timeout;
        _endPoint = endPoint;
    }

    private bool IsInfinite => _timeout == Timeout.InfiniteTimeSpan;

    /// <summary>Starts the command's clock; call once, when it is queued on the connection.</summary>
    public void Track(PendingCommand command)
    {
        if (!IsInfinite)
        {
            command.QueuedAt = Stopwatch.GetTimestamp();
            _queued.Enqueue(command);
        }
    }

    /// <summary>Sweeps until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        if (IsInfinite)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Clamp(_timeout.Ticks / 10, s_minimumTick.Ticks, s_maximumTick.Ticks)));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Sweep(Stopwatch.GetTimestamp());
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed; it has failed every command it still held.
        }
    }

    /// <summary>Times out every queued command older than the timeout at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    internal void Sweep(long now)
    {
        // Only the sweep dequeues, so a peeked command is still the head when it is dequeued.
        while (_queued.TryPeek(out var command))
        {
            if (!command.Task.IsCompleted)
            {
                if (Stopwatch.GetElapsedTime(command.QueuedAt, now) < _timeout)
                {
                    return;
                }

                command.TrySetException(new RedisTimeoutException(
                    $"No reply to {command.Name} from Redis at {_endPoint} within {_timeout.TotalMilliseconds:0} ms (CommandTimeout)."));
            }

            _queued.TryDequeue(out _);
        }
    }
}
