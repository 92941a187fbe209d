namespace AiMesh.Ai.Models;

/// <summary>What a model answered: a label and its confidence in that label.</summary>
public readonly record struct ModelPrediction
{
    /// <summary>Creates a prediction, refusing an empty label or a score outside [0, 1].</summary>
    public ModelPrediction(string label, double score)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (double.IsNaN(score) || score is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "A score is a confidence from 0 to 1.");
        }

        Label = label;
        Score = score;
    }

    /// <summary>The model's answer, e.g. <c>positive</c>.</summary>
    public string Label { get; }

    /// <summary>The model's confidence in <see cref="Label"/>, from 0 to 1.</summary>
    public double Score { get; }
}
