using System.Collections.Concurrent;
using System.Diagnostics;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// Texts sent on a fixed schedule whatever the answers: <c>rate</c> a second, evenly spaced. Latency
/// counts from each text's scheduled time, so a system that falls behind shows it in full. At most
/// <see cref="MaxOutstanding"/> POSTs wait for answers at once; a text due beyond that is not sent and
/// counted as skipped, which keeps the generator itself bounded.
/// </summary>
internal static class OpenLoop
{
    public const int MaxOutstanding = 4096;

    public static async Task<LoadStats> RunAsync(
        string name, FrontDoor door, ResultsFeed feed, BenchmarkTexts texts, string? model, double rate, TimeSpan duration, TimeSpan drain)
    {
        var samples = new ConcurrentQueue<Sample>();
        var sends = new List<Task>();
        var skipped = 0;
        var outstanding = 0;
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (long i = 0; ; i++)
        {
            var due = start + (long)(i * interval);
            if (due >= end)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            if (Volatile.Read(ref outstanding) >= MaxOutstanding)
            {
                skipped++;
                continue;
            }

            Interlocked.Increment(ref outstanding);
            sends.Add(SendAsync(due));
        }

        await Task.WhenAll(sends);
        var accepted = samples.Where(sample => sample.Submission.Accepted).Select(sample => sample.Submission.Id!.Value).ToList();
        await feed.WaitForAllAsync(accepted, drain);
        return LoadStats.From(name, $"open loop, {rate:F0} texts/s", samples, feed, start, end, skipped);

        async Task SendAsync(long due)
        {
            try
            {
                var submission = await door.PostAsync(texts.Next(), model, CancellationToken.None);
                // Timed from when it was due, not from when the POST went out.
                samples.Enqueue(new Sample(due, submission with { Elapsed = Stopwatch.GetElapsedTime(due) }, Stopwatch.GetElapsedTime(due, submission.SentAt)));
            }
            finally
            {
                Interlocked.Decrement(ref outstanding);
            }
        }
    }
}
