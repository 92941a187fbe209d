using System.Diagnostics;
using AiMesh.Ai.Models;

namespace AiMesh.ModelBenchmarks;

/// <summary>One timed pass of a model over texts in batches of one size: sentences a second and CPU milliseconds a sentence.</summary>
internal sealed record ModelRun(int BatchSize, double SentencesPerSecond, double CpuMillisecondsPerSentence)
{
    public static async Task<ModelRun> MeasureAsync(IInferenceModel model, IReadOnlyList<string> texts, int batchSize)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var batch in texts.Chunk(batchSize))
        {
            await model.PredictBatchAsync(batch, CancellationToken.None);
        }

        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return new ModelRun(batchSize, texts.Count / clock.Elapsed.TotalSeconds, cpu.TotalMilliseconds / texts.Count);
    }
}
