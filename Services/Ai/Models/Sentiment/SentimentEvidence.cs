namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// What the rules found in a text: the weighted sum of its favourable and of its unfavourable
/// contributions, each zero or more.
/// </summary>
internal readonly record struct SentimentEvidence(double Positive, double Negative)
{
    /// <summary>Positive minus negative: which way the text leans, and how far.</summary>
    public double Net => Positive - Negative;
}
