using System.Collections.Concurrent;
using System.Diagnostics;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// A fixed number of senders, each sending its next text as soon as its last one is done: for the
/// anchor when the 202 is back, for the pipeline when the text's result has arrived on the WebSocket.
/// The rate is whatever the system sustains with that many texts in flight.
/// </summary>
internal static class ClosedLoop
{
    // A result that takes longer is counted missing for this pass (the final check still looks for it).
    private static readonly TimeSpan s_resultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_pauseAfterRefusal = TimeSpan.FromMilliseconds(50);

    public static async Task<LoadStats> RunAsync(
        string name, FrontDoor door, ResultsFeed? feed, BenchmarkTexts texts, string? model, int senders, TimeSpan duration)
    {
        var samples = new ConcurrentQueue<Sample>();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Parallel.ForEachAsync(Enumerable.Range(0, senders), new ParallelOptions { MaxDegreeOfParallelism = senders }, async (_, cancellationToken) =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var due = Stopwatch.GetTimestamp();
                var submission = await door.PostAsync(texts.Next(), model, cancellationToken);
                samples.Enqueue(new Sample(due, submission));
                if (submission.Id is { } id && feed is not null)
                {
                    try
                    {
                        await feed.WaitForAsync(id).WaitAsync(s_resultTimeout, cancellationToken);
                    }
                    catch (TimeoutException)
                    {
                        // Counted as missing below if it never comes.
                    }
                }
                else if (!submission.Accepted)
                {
                    await Task.Delay(s_pauseAfterRefusal, cancellationToken);
                }
            }
        });

        return LoadStats.From(name, $"closed loop, {senders} senders", samples, feed, start, end);
    }
}
