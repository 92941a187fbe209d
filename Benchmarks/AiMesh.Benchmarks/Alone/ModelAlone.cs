using System.Diagnostics;
using System.Net.Http.Json;
using AiMesh.Benchmarks.Load;
using AiMesh.Benchmarks.Processes;

namespace AiMesh.Benchmarks.Alone;

/// <summary>
/// What one model computes on this machine with nothing else in the way: one Ai process, built and
/// configured as the app runs it, alone on the machine, fed distinct texts through
/// <c>POST /api/infer/batch</c> by a few concurrent callers (as many as keep every core busy). The best
/// of the tried batch sizes and caller counts is the model's speed, so the pipeline is compared with the
/// most the model can do, not with an easy figure.
/// </summary>
internal static class ModelAlone
{
    // Small batches pad less (a batch runs at the length of its longest text); large ones pay less per call.
    private static readonly int[] s_batchSizes = [8, 32];

    private static readonly TimeSpan s_warmup = TimeSpan.FromSeconds(5);

    public static async Task<ModelAloneResult> MeasureAsync(string aiAssembly, string model, TimeSpan duration)
    {
        await using var ai = await ServiceProcess.StartAsync(aiAssembly, "/health");
        using var http = new HttpClient { BaseAddress = ai.Address, Timeout = TimeSpan.FromMinutes(2) };
        var texts = new BenchmarkTexts();

        await RunAsync(http, texts, model, s_batchSizes[0], callers: Environment.ProcessorCount, s_warmup);
        var best = new ModelAloneResult(model, 0, 0, 0);
        foreach (var batchSize in s_batchSizes)
        {
            foreach (var callers in new[] { Environment.ProcessorCount, Environment.ProcessorCount * 2 })
            {
                var perSecond = await RunAsync(http, texts, model, batchSize, callers, duration / 2);
                if (perSecond > best.TextsPerSecond)
                {
                    best = new ModelAloneResult(model, perSecond, batchSize, callers);
                }
            }
        }

        return best;
    }

    private static async Task<double> RunAsync(HttpClient http, BenchmarkTexts texts, string model, int batchSize, int callers, TimeSpan duration)
    {
        var done = 0L;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Parallel.ForEachAsync(Enumerable.Range(0, callers), new ParallelOptions { MaxDegreeOfParallelism = callers }, async (_, cancellationToken) =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var batch = Enumerable.Range(0, batchSize).Select(_ => texts.Next()).ToArray();
                using var response = await http.PostAsJsonAsync("/api/infer/batch", new { texts = batch, model }, cancellationToken);
                response.EnsureSuccessStatusCode();
                Interlocked.Add(ref done, batch.Length);
            }
        });

        return done / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
