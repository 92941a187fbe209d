using System.Collections.Concurrent;
using System.Diagnostics;
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
    private readonly ConcurrentDictionary<Guid, Tracked> _results = new();
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
    public Task<Arrival> WaitForAsync(Guid id) => _results.GetOrAdd(id, _ => new Tracked()).Arrived.Task;

    /// <summary>The result's first arrival, or null when it has not come.</summary>
    public Arrival? ArrivalOf(Guid id) =>
        _results.TryGetValue(id, out var tracked) && tracked.Arrived.Task.IsCompletedSuccessfully ? tracked.Arrived.Task.Result : null;

    /// <summary>How many times <paramref name="id"/>'s result was pushed.</summary>
    public int PushesOf(Guid id) => _results.TryGetValue(id, out var tracked) ? Volatile.Read(ref tracked.Pushes) : 0;

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
        var tracked = _results.GetOrAdd(result.Id, _ => new Tracked());
        if (Interlocked.Increment(ref tracked.Pushes) == 1)
        {
            var arrivedAt = DateTimeOffset.UtcNow;
            tracked.Arrived.TrySetResult(new Arrival(timestamp, result.CompletedAt - result.AcceptedAt, arrivedAt - result.CompletedAt));
        }
    }

    private sealed class Tracked
    {
        public readonly TaskCompletionSource<Arrival> Arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Pushes;
    }
}
