namespace AiMesh.Ai.Models.Sentiment;

/// <summary>The labels the sentiment model answers with.</summary>
public static class SentimentLabels
{
    /// <summary>The text expresses a favourable opinion or feeling.</summary>
    public const string Positive = "positive";

    /// <summary>The text expresses an unfavourable opinion or feeling.</summary>
    public const string Negative = "negative";

    /// <summary>The text states facts, asks, or its opinions cancel out.</summary>
    public const string Neutral = "neutral";
}
