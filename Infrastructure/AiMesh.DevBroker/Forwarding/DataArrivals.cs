namespace AiMesh.DevBroker.Forwarding;

/// <summary>
/// Counts the produce responses one broker has sent, per partition, so that an empty fetch held for a
/// consumer can wait for the first one after it was asked that wrote to a partition it reads, as a real
/// broker's fetch waits for its own partitions. The mock appends before it answers a produce, so once
/// that response is seen, a new fetch finds the data. Where the partitions are not known (a request the
/// relay cannot read), every produce concerns every fetch.
/// </summary>
internal sealed class DataArrivals
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TopicPartition, long> _byPartition = [];
    private readonly List<Waiter> _waiting = [];
    private long _count;

    /// <summary>
    /// How many produces to <paramref name="partitions"/> (null: to any partition) have been answered: what
    /// a fetch is asked with, to be compared later.
    /// </summary>
    public long Seen(IReadOnlyList<TopicPartition>? partitions)
    {
        lock (_lock)
        {
            return SeenLocked(partitions);
        }
    }

    /// <summary>A produce to <paramref name="partitions"/> (null: not known) was answered.</summary>
    public void Arrived(IReadOnlyList<TopicPartition>? partitions)
    {
        List<TaskCompletionSource>? woken = null;
        lock (_lock)
        {
            _count++;
            foreach (var partition in partitions ?? [])
            {
                _byPartition[partition] = _byPartition.GetValueOrDefault(partition) + 1;
            }

            for (var index = _waiting.Count - 1; index >= 0; index--)
            {
                var waiter = _waiting[index];
                if (partitions is null || waiter.Partitions is null || waiter.Partitions.Any(partitions.Contains))
                {
                    _waiting.RemoveAt(index);
                    (woken ??= []).Add(waiter.Woken);
                }
            }
        }

        foreach (var waiter in woken ?? [])
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>
    /// Completes once more produces to <paramref name="partitions"/> (null: to any partition) than
    /// <paramref name="seen"/> have been answered (at once if they already have been), or after
    /// <paramref name="timeout"/>, whichever comes first.
    /// </summary>
    public async Task WaitAfterAsync(IReadOnlyList<TopicPartition>? partitions, long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (SeenLocked(partitions) != seen || timeout <= TimeSpan.Zero)
            {
                return;
            }

            // Completed off the producing connection's thread: the waiters' writes are not its business.
            waiter = new Waiter(partitions, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiting.Add(waiter);
        }

        // Neither the timeout nor the stop is an error here, and a held fetch times out twice a second on
        // an idle broker: waiting on a delay, rather than catching a timeout, keeps exceptions out of it.
        using var delayEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(waiter.Woken.Task, Task.Delay(timeout, delayEnd.Token)).ConfigureAwait(false);
        await delayEnd.CancelAsync().ConfigureAwait(false);
        lock (_lock)
        {
            _waiting.Remove(waiter);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private long SeenLocked(IReadOnlyList<TopicPartition>? partitions)
    {
        if (partitions is null)
        {
            return _count;
        }

        // Each count only grows, so their sum changes exactly when one of them does.
        var seen = 0L;
        foreach (var partition in partitions)
        {
            seen += _byPartition.GetValueOrDefault(partition);
        }

        return seen;
    }

    private sealed record Waiter(IReadOnlyList<TopicPartition>? Partitions, TaskCompletionSource Woken);
}
