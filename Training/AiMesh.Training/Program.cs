using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Neural;
using AiMesh.Ai.Models.Training;

// dotnet run --project Training/AiMesh.Training -- [repository root]
// Trains every trainable sentiment model from Training/Data/sentiment-train.tsv, evaluates each on
// Training/Data/sentiment-heldout.tsv, and writes the artefacts the Ai service embeds into
// Services/Ai/Models/Artifacts. Same corpus and settings, same bytes.
var root = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var training = SentimentDataSet.Load(Path.Combine(root, "Training", "Data", "sentiment-train.tsv"));
var heldOut = SentimentDataSet.Load(Path.Combine(root, "Training", "Data", "sentiment-heldout.tsv"));
var artifacts = Path.Combine(root, "Services", "Ai", "Models", "Artifacts");
Console.WriteLine($"Training on {training.Sentences.Count} sentences ({training.Name}), evaluating on {heldOut.Sentences.Count} ({heldOut.Name}).");

var (fast, fastClassifier) = SentimentTrainer.TrainFast(training, heldOut);
fast.Save(artifacts, fastClassifier);
Report(fast);

// One ONNX thread, as the service and the tests run it: the embeddings, and so the head, come out the same bit for bit.
using (var embedder = new MiniLmEmbedder(threads: 1))
{
    var (neural, neuralClassifier) = SentimentTrainer.TrainNeural(training, heldOut, embedder, fastClassifier);
    neural.Save(artifacts, neuralClassifier);
    Report(neural);
}

Console.WriteLine($"Wrote the artefacts to {artifacts}; rebuild the Ai service to embed them.");

static void Report(AiMesh.Ai.Models.Linear.ModelArtifact artifact)
{
    ModelEvaluation evaluation = artifact.Evaluation;
    var recall = string.Join(", ", evaluation.Recall.Select(pair => $"{pair.Key} {pair.Value:P1}"));
    Console.WriteLine($"{artifact.Name} {artifact.Version}: accuracy {evaluation.Accuracy:P1} on {evaluation.Examples} held-out sentences (recall: {recall}).");
}
