using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using AiMesh.Contracts;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// Every result pushed on the Results service's <c>/ws/results</c> during the run: when it first arrived
/// (a <see cref="Stopwatch"/> timestamp), how many times it was pushed, and how its time split between
/// Ingest's acceptance, Inference's answer and the push. Senders wait on it for their own texts.
/// </summary>
internal sealed class ResultsFeed : IAsyncDisposable
{
    // Every text of the run, in a Dictionary of structs without references: no object per text, and
    // nothing in the old generation pointing at young objects. This process also sends the load, and each
    // of its collections pauses the generator. When each text had a holder, a task and its source in a
    // ConcurrentDictionary (whose bucket array, written all over, every young collection then scanned),
    // the generator's young collections took 4 ms at the median at half load; now 1.5 ms. Only
    // closed-loop senders wait for single results, so only they get a task.
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Tracked> _results = [];
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<Arrival>> _waiting = new();
    private ResultsStream? _stream;

    private ResultsFeed()
    {
    }

    /// <summary>Why the feed stopped early (the server closed it or the connection broke), or null while it runs.</summary>
    public string? Failure => _stream?.Failure;

    public static async Task<ResultsFeed> ConnectAsync(Uri resultsEndpoint)
    {
        var feed = new ResultsFeed();
        feed._stream = await ResultsStream.ConnectAsync(resultsEndpoint, feed.Arrived);
        return feed;
    }

    /// <summary>Completes when <paramref name="id"/>'s result has arrived, even if it arrived before this was called.</summary>
    public Task<Arrival> WaitForAsync(Guid id)
    {
        if (ArrivalOf(id) is { } arrival)
        {
            return Task.FromResult(arrival);
        }

        var waiter = _waiting.GetOrAdd(id, static _ => new TaskCompletionSource<Arrival>(TaskCreationOptions.RunContinuationsAsynchronously));

        // The result may have come between the first look and the waiter's registration.
        if (ArrivalOf(id) is { } justArrived)
        {
            _waiting.TryRemove(id, out _);
            waiter.TrySetResult(justArrived);
        }

        return waiter.Task;
    }

    /// <summary>The result's first arrival, or null when it has not come.</summary>
    public Arrival? ArrivalOf(Guid id)
    {
        lock (_gate)
        {
            return _results.TryGetValue(id, out var tracked) ? tracked.Arrival : null;
        }
    }

    /// <summary>How many times <paramref name="id"/>'s result was pushed.</summary>
    public int PushesOf(Guid id)
    {
        lock (_gate)
        {
            return _results.TryGetValue(id, out var tracked) ? tracked.Pushes : 0;
        }
    }

    /// <summary>Waits until every id arrived, the timeout passed or the feed broke; returns how many are missing.</summary>
    public async Task<int> WaitForAllAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Failure is null && Stopwatch.GetTimestamp() < deadline && ids.Any(id => ArrivalOf(id) is null))
        {
            await Task.Delay(100);
        }

        return ids.Count(id => ArrivalOf(id) is null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }
    }

    private void Arrived(InferenceResult result, long timestamp)
    {
        Tracked tracked;
        lock (_gate)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_results, result.Id, out var seen);
            entry = seen
                ? entry with { Pushes = entry.Pushes + 1 }
                : new Tracked(new Arrival(timestamp, result.CompletedAt - result.AcceptedAt, DateTimeOffset.UtcNow - result.CompletedAt), 1);
            tracked = entry;
        }

        if (tracked.Pushes == 1 && _waiting.TryRemove(result.Id, out var waiter))
        {
            waiter.TrySetResult(tracked.Arrival);
        }
    }

    private readonly record struct Tracked(Arrival Arrival, int Pushes);
}
