using AiMesh.Ai.Models;
using AiMesh.Ai.Tests.Evaluation;

namespace AiMesh.Ai.Tests.Models.Sentiment;

public sealed class ThreadSafetyTests
{
    [Fact]
    public async Task ParallelCallsOnOneInstanceGetTheSameAnswersAsSequentialOnes()
    {
        var texts = EvaluationSet.Load().Select(item => item.Text).Append(string.Concat(Enumerable.Repeat("Great value, awful support! ", 200))).ToArray();
        var expected = texts.Select(Sentiment.Predict).ToArray();
        var workers = Math.Max(4, Environment.ProcessorCount * 2);
        using var start = new Barrier(workers);

        var results = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                var answers = new ModelPrediction[20 * texts.Length];
                for (var i = 0; i < answers.Length; i++)
                {
                    // Each worker walks the texts from its own offset, so different texts run at the same time.
                    var text = (i + (worker * 37)) % texts.Length;
                    answers[i] = Sentiment.Predict(texts[text]);
                }

                return answers;
            },
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default))).DefaultTimeout();

        for (var worker = 0; worker < workers; worker++)
        {
            for (var i = 0; i < results[worker].Length; i++)
            {
                Assert.Equal(expected[(i + (worker * 37)) % texts.Length], results[worker][i]);
            }
        }
    }
}
