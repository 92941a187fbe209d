using System.Collections.Concurrent;
using System.Diagnostics;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// Texts sent on a fixed schedule whatever the answers: <c>rate</c> a second, evenly spaced, each sent
/// within the millisecond it is due and never before. Latency counts from each text's scheduled time,
/// so a system that falls behind shows it in full. At most <see cref="MaxOutstanding"/> POSTs wait for
/// answers at once; a text due beyond that is not sent and counted as skipped, which keeps the
/// generator itself bounded.
/// </summary>
internal static class OpenLoop
{
    public const int MaxOutstanding = 4096;

    // Texts due within the same millisecond go out together. At 3,400 texts/s the application and the
    // generator used about 1.5 cores with a wake for every text and 1.4 with one a millisecond (1.1-1.2
    // with Task.Delay's lumps of a few milliseconds): texts that arrive together share wake-ups and batches.
    private static readonly long s_wakeInterval = Stopwatch.Frequency / 1000;

    public static async Task<LoadStats> RunAsync(
        string name, FrontDoor door, ResultsFeed feed, BenchmarkTexts texts, string? model, double rate, TimeSpan duration, TimeSpan drain)
    {
        var samples = new ConcurrentQueue<Sample>();
        var skipped = 0;
        var outstanding = 0;
        // The schedule and every POST it started; not a list of their tasks, which would keep a burst's
        // hundreds of thousands of finished POSTs in the generator's memory until the pass ends.
        var unfinished = 1;
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        // The schedule runs on a thread of its own that wakes at most once a millisecond and then sends
        // every text due by then, never one before it is due. The part of a POST that runs before its
        // first wait is the request going out, so it goes out on this thread.
        var schedule = new Thread(() =>
        {
            try
            {
                var wake = start;
                for (long i = 0; ; i++)
                {
                    var due = start + (long)(i * interval);
                    if (due >= end)
                    {
                        break;
                    }

                    if (due > Stopwatch.GetTimestamp())
                    {
                        wake = Math.Max(due, wake + s_wakeInterval);
                        Pacer.SleepUntil(wake);
                    }

                    if (Volatile.Read(ref outstanding) >= MaxOutstanding)
                    {
                        skipped++;
                        continue;
                    }

                    Interlocked.Increment(ref outstanding);
                    Interlocked.Increment(ref unfinished);
                    _ = SendAsync(due);
                }

                Finished();
            }
            catch (Exception exception)
            {
                answered.TrySetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "Open-loop schedule",
        };
        schedule.Start();
        await answered.Task;

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
            catch (Exception exception)
            {
                answered.TrySetException(exception);
            }
            finally
            {
                Interlocked.Decrement(ref outstanding);
                Finished();
            }
        }

        void Finished()
        {
            if (Interlocked.Decrement(ref unfinished) == 0)
            {
                answered.TrySetResult();
            }
        }
    }
}
