using AiMesh.Ai.Models.Training;

namespace AiMesh.Ai.Tests.TestSupport;

/// <summary>The project's training corpus and held-out set, copied next to the tests from Training/Data.</summary>
internal static class TrainingData
{
    private static readonly Lazy<SentimentDataSet> s_training = new(() => Load("sentiment-train.tsv"));
    private static readonly Lazy<SentimentDataSet> s_heldOut = new(() => Load("sentiment-heldout.tsv"));

    public static SentimentDataSet Training => s_training.Value;

    public static SentimentDataSet HeldOut => s_heldOut.Value;

    private static SentimentDataSet Load(string name) => SentimentDataSet.Load(Path.Combine(AppContext.BaseDirectory, "TrainingData", name));
}
