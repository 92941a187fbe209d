using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Batching;

namespace AiMesh.Ai.Tests.Models;

public sealed class MicroBatcherTests
{
    [Fact]
    public async Task Concurrent_predictions_are_run_together_and_each_gets_its_own_answer()
    {
        var batchSizes = new List<int>();
        var gate = new ManualResetEventSlim();
        await using var batcher = new MicroBatcher(
            texts =>
            {
                gate.Wait(TimeSpan.FromSeconds(10));
                lock (batchSizes)
                {
                    batchSizes.Add(texts.Count);
                }

                return [.. texts.Select(text => new ModelPrediction(text.ToUpperInvariant(), 1))];
            },
            maxBatchSize: 16,
            window: TimeSpan.FromMilliseconds(50));

        // The first batch holds the runner while the rest queue up behind it, so they must share runs.
        var texts = Enumerable.Range(0, 40).Select(i => $"text {i}").ToList();
        var answers = texts.Select(text => batcher.PredictAsync(text, TestContext.Current.CancellationToken)).ToList();
        gate.Set();
        var results = await Task.WhenAll(answers).DefaultTimeout();

        Assert.Equal(texts.Select(text => text.ToUpperInvariant()), results.Select(result => result.Label));
        Assert.True(batchSizes.Count < texts.Count, $"{batchSizes.Count} runs for {texts.Count} texts.");
        Assert.All(batchSizes, size => Assert.InRange(size, 1, 16));
        Assert.Equal((batchSizes.Count, 40L), ((int)batcher.Counts.Batches, batcher.Counts.Texts));
    }

    [Fact]
    public async Task A_failing_run_fails_every_prediction_in_it_and_the_next_runs_go_on()
    {
        var calls = 0;
        await using var batcher = new MicroBatcher(
            texts => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : [.. texts.Select(_ => new ModelPrediction("ok", 1))],
            maxBatchSize: 4,
            window: TimeSpan.Zero);

        await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.PredictAsync("first", TestContext.Current.CancellationToken).DefaultTimeout());

        Assert.Equal("ok", (await batcher.PredictAsync("second", TestContext.Current.CancellationToken).DefaultTimeout()).Label);
    }
}
