using AiMesh.Ai.Models;

namespace AiMesh.Ai.Tests.TestSupport;

/// <summary>A stand-in model that answers every text the same way, to test what surrounds models.</summary>
internal class FixedAnswerModel(string name, string label = "fixed", double score = 0.5) : IInferenceModel
{
    public string Name => name;

    public string Description => $"Always answers '{label}'.";

    public ValueTask<ModelPrediction> PredictAsync(string text, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ModelPrediction(label, score));
}
