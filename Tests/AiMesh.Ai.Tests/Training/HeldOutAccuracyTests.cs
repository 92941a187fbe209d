using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Fast;
using AiMesh.Ai.Models.Neural;
using AiMesh.Ai.Models.Training;
using AiMesh.Ai.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Tests.Training;

/// <summary>
/// The models as the service runs them, on the held-out set written apart from the training corpus:
/// the accuracy each promises, and the figure each reports in <c>GET /api/models</c>.
/// </summary>
public sealed class HeldOutAccuracyTests
{
    [Fact]
    public async Task The_accurate_model_is_right_on_at_least_90_percent_and_recalls_every_label_at_85_percent()
    {
        await using var model = new NeuralSentimentModel(Options.Create(new AiOptions()));
        await model.LoadAsync(TestContext.Current.CancellationToken);

        var evaluation = await EvaluateAsync(model);

        Assert.True(evaluation.Accuracy >= 0.90, $"Accuracy {evaluation.Accuracy:P1}.");
        Assert.All(evaluation.Recall, recall => Assert.True(recall.Value >= 0.85, $"Recall of {recall.Key}: {recall.Value:P1}."));
        Assert.Equal(evaluation.Accuracy, model.Evaluation!.Accuracy);
    }

    [Fact]
    public async Task The_fast_model_is_right_on_at_least_85_percent()
    {
        var model = new FastSentimentModel();

        var evaluation = await EvaluateAsync(model);

        Assert.True(evaluation.Accuracy >= 0.85, $"Accuracy {evaluation.Accuracy:P1}.");
        Assert.Equal(evaluation.Accuracy, model.Evaluation!.Accuracy);
    }

    [Fact]
    public async Task Both_models_answer_the_same_text_the_same_way_every_time_and_batched_as_alone()
    {
        await using var neural = new NeuralSentimentModel(Options.Create(new AiOptions()));
        await neural.LoadAsync(TestContext.Current.CancellationToken);
        IInferenceModel[] models = [neural, new FastSentimentModel()];
        var texts = TrainingData.HeldOut.Sentences.Take(40).Select(sentence => sentence.Text).ToList();

        foreach (var model in models)
        {
            var batched = await model.PredictBatchAsync(texts, TestContext.Current.CancellationToken);
            var again = await model.PredictBatchAsync(texts, TestContext.Current.CancellationToken);
            var alone = new List<ModelPrediction>();
            foreach (var text in texts)
            {
                alone.Add(await model.PredictAsync(text, TestContext.Current.CancellationToken));
            }

            Assert.Equal(batched, again);
            Assert.Equal(batched.Select(prediction => prediction.Label), alone.Select(prediction => prediction.Label));
            Assert.All(batched.Zip(alone), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-5));
        }
    }

    private static async Task<ModelEvaluation> EvaluateAsync(IInferenceModel model)
    {
        var texts = TrainingData.HeldOut.Sentences.Select(sentence => sentence.Text).ToList();
        List<ModelPrediction> predictions = [];
        foreach (var chunk in texts.Chunk(32))
        {
            predictions.AddRange(await model.PredictBatchAsync(chunk, TestContext.Current.CancellationToken));
        }

        return Evaluator.Evaluate(TrainingData.HeldOut, predictions);
    }
}
