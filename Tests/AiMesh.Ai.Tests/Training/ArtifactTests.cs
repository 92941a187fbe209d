using AiMesh.Ai.Models.Fast;
using AiMesh.Ai.Models.Linear;
using AiMesh.Ai.Models.Neural;
using AiMesh.Ai.Models.Training;
using AiMesh.Ai.Tests.Models.Neural;
using AiMesh.Ai.Tests.TestSupport;

namespace AiMesh.Ai.Tests.Training;

/// <summary>
/// The committed artefacts are exactly what <c>eng/train-models.sh</c> makes from the committed corpus:
/// training again here, with the same code, data and seeds, gives the same bytes.
/// </summary>
public sealed class ArtifactTests(MiniLmEmbedderFixture embedder) : IClassFixture<MiniLmEmbedderFixture>
{
    [Fact]
    public void The_fast_model_s_artefact_is_what_the_corpus_trains()
    {
        var (artifact, classifier) = SentimentTrainer.TrainFast(TrainingData.Training, TrainingData.HeldOut);

        AssertEmbedded(FastSentimentModel.ModelName, artifact, classifier);
    }

    [Fact]
    public void The_neural_head_s_artefact_is_what_the_corpus_trains()
    {
        var (_, ngrams) = SentimentTrainer.TrainFast(TrainingData.Training, TrainingData.HeldOut);
        var (artifact, classifier) = SentimentTrainer.TrainNeural(TrainingData.Training, TrainingData.HeldOut, embedder.Embedder, ngrams);

        AssertEmbedded(NeuralSentimentModel.ModelName, artifact, classifier);
    }

    private static void AssertEmbedded(string name, ModelArtifact trained, LinearClassifier classifier)
    {
        var (embedded, embeddedClassifier) = ModelArtifact.LoadEmbedded(name);

        Assert.Equal(trained.TrainingSha256, embedded.TrainingSha256);
        Assert.Equal(trained.Version, embedded.Version);
        Assert.Equal(classifier.ToBytes(), embeddedClassifier.ToBytes());
        Assert.Equal(trained.Evaluation.Accuracy, embedded.Evaluation.Accuracy);
        Assert.Equal(trained.Evaluation.Recall, embedded.Evaluation.Recall);
    }
}
