using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiMesh.Ai.Models.Linear;

/// <summary>
/// What a trained model ships as: <c>{name}.bin</c> (the <see cref="LinearClassifier"/> weights) and
/// <c>{name}.json</c> (this record: labels, the features it was trained on, what it learned from, and its
/// evaluation). Both are embedded in the Ai assembly from <c>Models/Artifacts</c>, written there by
/// <c>eng/train-models.sh</c>.
/// </summary>
/// <param name="Name">The model's name in the catalog.</param>
/// <param name="Version">1 plus the first hex digits of the weights' SHA-256: it changes exactly when the weights do.</param>
/// <param name="Labels">The labels, in the weights' order.</param>
/// <param name="Features">What the features are, e.g. <c>all-MiniLM-L6-v2 mean-pooled, 384</c>.</param>
/// <param name="TrainedOn">The training set's file name.</param>
/// <param name="TrainingSha256">The training set's SHA-256, so a changed corpus shows.</param>
/// <param name="TrainingExamples">How many sentences it held.</param>
/// <param name="Settings">How the trainer ran.</param>
/// <param name="Evaluation">How the model did on the held-out set after training.</param>
public sealed record ModelArtifact(
    string Name,
    string Version,
    IReadOnlyList<string> Labels,
    string Features,
    string TrainedOn,
    string TrainingSha256,
    int TrainingExamples,
    Training.TrainerSettings Settings,
    ModelEvaluation Evaluation)
{
    private const string ResourcePrefix = "AiMesh.Ai.Models.Artifacts.";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static string VersionOf(byte[] weights) => "1." + Convert.ToHexStringLower(SHA256.HashData(weights))[..8];

    /// <summary>The model named <paramref name="name"/> from the Ai assembly's embedded artefacts.</summary>
    public static (ModelArtifact Artifact, LinearClassifier Classifier) LoadEmbedded(string name)
    {
        var assembly = typeof(ModelArtifact).Assembly;
        using var metadata = assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.json")
            ?? throw new InvalidOperationException($"The model '{name}' has no embedded {name}.json; run eng/train-models.sh.");
        using var weights = assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.bin")
            ?? throw new InvalidOperationException($"The model '{name}' has no embedded {name}.bin; run eng/train-models.sh.");
        using var copy = new MemoryStream();
        weights.CopyTo(copy);

        var artifact = JsonSerializer.Deserialize<ModelArtifact>(metadata, s_json)
            ?? throw new InvalidDataException($"{name}.json is empty.");
        return (artifact, LinearClassifier.FromBytes(copy.ToArray(), artifact.Labels));
    }

    /// <summary>Writes <c>{Name}.json</c> and <c>{Name}.bin</c> into <paramref name="directory"/>.</summary>
    public void Save(string directory, LinearClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);

        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, $"{Name}.bin"), classifier.ToBytes());
        File.WriteAllText(Path.Combine(directory, $"{Name}.json"), JsonSerializer.Serialize(this, s_json) + "\n");
    }
}
