using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// Posts texts to Ingest from a number of concurrent senders and times each one from the moment its
/// POST started to the moment its result arrived on the WebSocket.
/// </summary>
internal sealed class LoadDriver(Uri ingestEndpoint, ResultsFeed feed, int concurrency) : IDisposable
{
    // Generous: a pass of thousands of texts on a noisy two-core machine, plus Kafka's batching.
    private static readonly TimeSpan s_resultsTimeout = TimeSpan.FromMinutes(5);

    private readonly HttpClient _ingest = new() { BaseAddress = ingestEndpoint, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<PassResult> RunPassAsync(IReadOnlyList<string> texts)
    {
        var started = new ConcurrentDictionary<Guid, long>();
        var rejections = new ConcurrentBag<string>();
        var passStart = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(texts, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (text, cancellationToken) =>
        {
            var postStart = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _ingest.PostAsJsonAsync("/api/subscribe", new { text }, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    rejections.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    return;
                }

                var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                started[body.GetProperty("id").GetGuid()] = postStart;
            }
            catch (HttpRequestException ex)
            {
                rejections.Add(ex.Message);
            }
        });
        var postsDone = Stopwatch.GetTimestamp();

        var missing = await feed.WaitForAsync([.. started.Keys], s_resultsTimeout);
        return Measure(texts.Count, started, rejections, missing, passStart, postsDone);
    }

    public void Dispose() => _ingest.Dispose();

    private PassResult Measure(int sent, IReadOnlyDictionary<Guid, long> started, IReadOnlyCollection<string> rejections, int missing, long passStart, long postsDone)
    {
        var arrivals = started
            .Where(post => feed.Arrivals.ContainsKey(post.Key))
            .Select(post => (Started: post.Value, Arrival: feed.Arrivals[post.Key]))
            .ToList();
        var lastArrival = arrivals.Count == 0 ? passStart : arrivals.Max(a => a.Arrival.Timestamp);
        var failure = rejections.FirstOrDefault() is { } rejection ? $"{rejections.Count} rejected, e.g. {rejection}" : null;
        failure ??= missing > 0 ? $"{missing} results did not arrive within {s_resultsTimeout.TotalMinutes} min. {feed.Failure}" : null;

        return new PassResult(
            sent,
            rejections.Count,
            missing,
            AcceptedPerSecond: started.Count / Stopwatch.GetElapsedTime(passStart, postsDone).TotalSeconds,
            CompletedPerSecond: arrivals.Count / Stopwatch.GetElapsedTime(passStart, lastArrival).TotalSeconds,
            LatencySummary.From(arrivals.Select(a => Stopwatch.GetElapsedTime(a.Started, a.Arrival.Timestamp).TotalMilliseconds)),
            LatencySummary.From(arrivals.Select(a => a.Arrival.ToInference.TotalMilliseconds)),
            LatencySummary.From(arrivals.Select(a => a.Arrival.AfterInference.TotalMilliseconds)),
            CachedShare: arrivals.Count == 0 ? 0 : (double)arrivals.Count(a => a.Arrival.Cached) / arrivals.Count,
            failure);
    }
}
