using AiMesh.Ai.Models.Linear;

namespace AiMesh.Ai.Models.Fast;

/// <summary>
/// The fast sentiment model: a linear classifier over hashed word and character n-grams
/// (<see cref="NGramFeaturizer"/>), trained by AiMesh on its own corpus. Less accurate than
/// <c>sentiment</c>, and tens of thousands of predictions a second on one core, for throughput.
/// </summary>
public sealed class FastSentimentModel : IInferenceModel
{
    /// <summary>The name requests use for this model.</summary>
    public const string ModelName = "sentiment-fast";

    private readonly ModelArtifact _artifact;
    private readonly LinearClassifier _classifier;
    private readonly NGramFeaturizer _featurizer;

    public FastSentimentModel()
    {
        (_artifact, _classifier) = ModelArtifact.LoadEmbedded(ModelName);
        _featurizer = new NGramFeaturizer(_classifier.FeatureCount);
    }

    public string Name => ModelName;

    public string Description =>
        "Sentiment (positive, negative or neutral) from a linear model on word and character n-grams trained by AiMesh; less accurate, very fast.";

    public string Version => _artifact.Version;

    public IReadOnlyList<string> Labels => _artifact.Labels;

    public ModelEvaluation? Evaluation => _artifact.Evaluation;

    public ValueTask<ModelPrediction> PredictAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Predict(text));
    }

    public ModelPrediction Predict(string text) => _classifier.Predict(_featurizer.Featurize(text));
}
