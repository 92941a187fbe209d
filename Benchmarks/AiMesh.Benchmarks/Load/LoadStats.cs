using System.Diagnostics;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// The figures of one load pass: what was sent and how it was answered, POSTs and results per second
/// within the pass's window, and latencies (POST to 202; POST to the result's push; and the result's
/// time split between Ingest's acceptance, Inference's answer and the push).
/// </summary>
internal sealed record LoadStats(
    string Name,
    string Load,
    int Sent,
    IReadOnlyList<Guid> AcceptedIds,
    int Refused,
    int Failed,
    int Skipped,
    double Seconds,
    double AcceptedPerSecond,
    double? CompletedPerSecond,
    int Missing,
    LatencySummary PostLatency,
    LatencySummary ResultLatency,
    LatencySummary ToInference,
    LatencySummary AfterInference,
    string? FirstError)
{
    /// <summary>CPU seconds each resource of the application used during the pass, when measured.</summary>
    public IReadOnlyList<(string Resource, double Seconds)> Cpu { get; init; } = [];

    /// <summary>The wall time <see cref="Cpu"/> was measured over: the pass and, for an open loop, its drain.</summary>
    public double CpuWindowSeconds { get; init; }

    /// <summary>The times the application's threads left a core over the same window, when measured.</summary>
    public long ThreadSwitches { get; init; }

    /// <summary>The CPU milliseconds of every process of the application, the load generator's included, per accepted text.</summary>
    public double CpuMillisecondsPerText => Cpu.Sum(resource => resource.Seconds) * 1000 / Math.Max(1, AcceptedIds.Count);

    public double CoresBusy => CpuWindowSeconds > 0 ? Cpu.Sum(resource => resource.Seconds) / CpuWindowSeconds : 0;

    public double ThreadSwitchesPerText => (double)ThreadSwitches / Math.Max(1, AcceptedIds.Count);

    /// <summary>
    /// How late after its due time each POST went out (an open loop's; empty for a closed loop): the
    /// load generator's own part of <see cref="PostLatency"/>, from its timers, its collections and the cores it waits for.
    /// </summary>
    public LatencySummary SentLate { get; init; } = LatencySummary.From([]);

    public static LoadStats From(string name, string load, IEnumerable<Sample> samples, ResultsFeed? feed, long start, long end, int skipped = 0)
    {
        var all = samples.ToList();
        var accepted = all.Where(sample => sample.Submission.Accepted).ToList();
        var seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        var arrivals = feed is null
            ? []
            : accepted
                .Select(sample => (sample.Due, Arrival: feed.ArrivalOf(sample.Submission.Id!.Value)))
                .Where(pair => pair.Arrival is not null)
                .Select(pair => (pair.Due, Arrival: pair.Arrival!.Value))
                .ToList();

        return new LoadStats(
            name,
            load,
            all.Count,
            [.. accepted.Select(sample => sample.Submission.Id!.Value)],
            Refused: all.Count(sample => sample.Submission.Status == 429),
            Failed: all.Count(sample => !sample.Submission.Accepted && sample.Submission.Status != 429),
            skipped,
            seconds,
            AcceptedPerSecond: accepted.Count(sample => sample.Due < end) / seconds,
            CompletedPerSecond: feed is null ? null : arrivals.Count(pair => pair.Arrival.Timestamp <= end) / seconds,
            Missing: feed is null ? 0 : accepted.Count - arrivals.Count,
            LatencySummary.From(accepted.Select(sample => sample.Submission.Elapsed.TotalMilliseconds)),
            LatencySummary.From(arrivals.Select(pair => Stopwatch.GetElapsedTime(pair.Due, pair.Arrival.Timestamp).TotalMilliseconds)),
            LatencySummary.From(arrivals.Select(pair => pair.Arrival.ToInference.TotalMilliseconds)),
            LatencySummary.From(arrivals.Select(pair => pair.Arrival.AfterInference.TotalMilliseconds)),
            all.FirstOrDefault(sample => !sample.Submission.Accepted && sample.Submission.Status != 429).Submission.Error
                ?? all.FirstOrDefault(sample => sample.Submission.Status == 429).Submission.Error)
        {
            SentLate = LatencySummary.From(accepted.Where(sample => sample.SentLate is not null).Select(sample => sample.SentLate!.Value.TotalMilliseconds)),
        };
    }
}
