using System.Collections.Concurrent;
using System.Diagnostics;
using AiMesh.Contracts;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// One result as the benchmark saw it: when it arrived (a <see cref="Stopwatch"/> timestamp), whether
/// the cache answered it, and how its time split between Ingest's acceptance and Inference's answer
/// and from that answer to the WebSocket (wall clocks of one machine, so comparable).
/// </summary>
internal readonly record struct Arrival(long Timestamp, bool Cached, TimeSpan ToInference, TimeSpan AfterInference);

/// <summary>
/// Notes when each result arrives on the Results service's <c>/ws/results</c>. It only timestamps and
/// parses: Results drops a client that falls a few hundred messages behind.
/// </summary>
internal sealed class ResultsFeed : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Arrival> _arrivals = new();
    private ResultsStream? _stream;

    private ResultsFeed()
    {
    }

    public IReadOnlyDictionary<Guid, Arrival> Arrivals => _arrivals;

    /// <summary>Why the feed stopped early (the server closed it or the connection broke), or null while it runs.</summary>
    public string? Failure => _stream?.Failure;

    public static async Task<ResultsFeed> ConnectAsync(Uri resultsEndpoint)
    {
        var feed = new ResultsFeed();
        feed._stream = await ResultsStream.ConnectAsync(resultsEndpoint, feed.Arrived);
        return feed;
    }

    /// <summary>Waits until every id arrived, the timeout passed or the feed broke; returns how many are missing.</summary>
    public async Task<int> WaitForAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Failure is null && Stopwatch.GetTimestamp() < deadline && !ids.All(_arrivals.ContainsKey))
        {
            await Task.Delay(50);
        }

        return ids.Count(id => !_arrivals.ContainsKey(id));
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
        var arrivedAt = DateTimeOffset.UtcNow;
        _arrivals.TryAdd(result.Id, new Arrival(timestamp, result.Cached, result.CompletedAt - result.AcceptedAt, arrivedAt - result.CompletedAt));
    }
}
