using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai.Models.Training;

/// <summary>The labels the trained sentiment models answer with, in the order their weights use.</summary>
public static class SentimentLabelSet
{
    public static readonly IReadOnlyList<string> Labels = [SentimentLabels.Negative, SentimentLabels.Neutral, SentimentLabels.Positive];

    public static int IndexOf(string label)
    {
        for (var i = 0; i < Labels.Count; i++)
        {
            if (Labels[i] == label)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{label}' is not a sentiment label.", nameof(label));
    }
}
