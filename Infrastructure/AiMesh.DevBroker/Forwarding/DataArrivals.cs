namespace AiMesh.DevBroker.Forwarding;

/// <summary>
/// Counts the produce responses one broker has sent, so that an empty fetch held for a consumer can
/// wait for the first one after it was asked. The mock appends before it answers a produce, so once
/// that response is seen, a new fetch finds the data.
/// </summary>
internal sealed class DataArrivals
{
    private readonly Lock _lock = new();
    private long _count;
    private TaskCompletionSource? _next;

    /// <summary>How many produce responses have been seen: what a fetch is asked with is compared to it later.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Arrived()
    {
        TaskCompletionSource? waiting;
        lock (_lock)
        {
            _count++;
            waiting = _next;
            _next = null;
        }

        waiting?.TrySetResult();
    }

    /// <summary>
    /// Completes once more than <paramref name="seen"/> produce responses have been seen (at once if
    /// there already have been), or after <paramref name="timeout"/>, whichever comes first.
    /// </summary>
    public async Task WaitAfterAsync(long seen, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task next;
        lock (_lock)
        {
            if (_count != seen || timeout <= TimeSpan.Zero)
            {
                return;
            }

            // Completed off the producing connection's thread: the waiters' writes are not its business.
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            next = _next.Task;
        }

        // Neither the timeout nor the stop is an error here, and a held fetch times out twice a second on
        // an idle broker: waiting on a delay, rather than catching a timeout, keeps exceptions out of it.
        using var delayEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(next, Task.Delay(timeout, delayEnd.Token)).ConfigureAwait(false);
        await delayEnd.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
