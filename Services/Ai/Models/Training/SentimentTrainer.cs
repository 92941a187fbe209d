using AiMesh.Ai.Models.Fast;
using AiMesh.Ai.Models.Linear;
using AiMesh.Ai.Models.Neural;

namespace AiMesh.Ai.Models.Training;

/// <summary>
/// Trains the sentiment models from the project's corpus and evaluates each on the held-out set:
/// what <c>eng/train-models.sh</c> runs, and what a test runs again to check that the committed
/// artefacts are exactly what the committed corpus gives.
/// </summary>
internal static class SentimentTrainer
{
    /// <summary>The fast model's trainer settings: many sparse features, so a few passes and a light decay.</summary>
    public static readonly TrainerSettings FastSettings = new(Epochs: 12, LearningRate: 0.5, L2: 1e-5, Seed: 20261204);

    /// <summary>The neural head's settings: few dense features, so more passes.</summary>
    public static readonly TrainerSettings NeuralSettings = new(Epochs: 60, LearningRate: 0.2, L2: 1e-5, Seed: 20261204);

    public static (ModelArtifact Artifact, LinearClassifier Classifier) TrainFast(SentimentDataSet training, SentimentDataSet heldOut)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(heldOut);

        var featurizer = new NGramFeaturizer();
        var classifier = Train(training, [.. training.Sentences.Select(sentence => featurizer.Featurize(sentence.Text))], featurizer.Buckets, FastSettings);
        var evaluation = Evaluator.Evaluate(heldOut, [.. heldOut.Sentences.Select(sentence => classifier.Predict(featurizer.Featurize(sentence.Text)))]);
        return (Describe(FastSentimentModel.ModelName, classifier, $"hashed word 1-2-grams and character 3-5-grams, {featurizer.Buckets} buckets", training, FastSettings, evaluation), classifier);
    }

    /// <summary>
    /// Trains the head over the sentence embeddings; the evaluation is the accurate model's as it
    /// answers, the head averaged with <paramref name="ngrams"/> (the fast model just trained).
    /// </summary>
    public static (ModelArtifact Artifact, LinearClassifier Classifier) TrainNeural(SentimentDataSet training, SentimentDataSet heldOut, MiniLmEmbedder embedder, LinearClassifier ngrams)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(ngrams);

        var head = Train(training, [.. Embed(embedder, training).Select(FeatureVector.Dense)], MiniLmEmbedder.Dimensions, NeuralSettings);
        var ensemble = new SentimentEnsemble(head, ngrams, new NGramFeaturizer(ngrams.FeatureCount));
        var evaluation = Evaluator.Evaluate(heldOut, [.. Embed(embedder, heldOut).Select((embedding, i) => ensemble.Predict(embedding, heldOut.Sentences[i].Text))]);
        var features = $"all-MiniLM-L6-v2, mean-pooled and normalized, {MiniLmEmbedder.Dimensions} dimensions; averaged with {FastSentimentModel.ModelName}";
        return (Describe(NeuralSentimentModel.ModelName, head, features, training, NeuralSettings, evaluation), head);
    }

    /// <summary>The data set's embeddings, computed in batches as the service computes them.</summary>
    public static List<float[]> Embed(MiniLmEmbedder embedder, SentimentDataSet dataSet)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(dataSet);

        const int BatchSize = 32;
        return [.. dataSet.Sentences.Chunk(BatchSize).SelectMany(chunk => embedder.Embed([.. chunk.Select(sentence => sentence.Text)]))];
    }

    private static LinearClassifier Train(SentimentDataSet training, IReadOnlyList<FeatureVector> features, int featureCount, TrainerSettings settings) =>
        SoftmaxTrainer.Train(
            features,
            [.. training.Sentences.Select(sentence => SentimentLabelSet.IndexOf(sentence.Label))],
            SentimentLabelSet.Labels,
            featureCount,
            settings);

    private static ModelArtifact Describe(string name, LinearClassifier classifier, string features, SentimentDataSet training, TrainerSettings settings, ModelEvaluation evaluation) =>
        new(name, ModelArtifact.VersionOf(classifier.ToBytes()), classifier.Labels, features, training.Name, training.Sha256, training.Sentences.Count, settings, evaluation);
}
