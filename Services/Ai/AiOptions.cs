using AiMesh.Ai.Models.Sentiment;

namespace AiMesh.Ai;

/// <summary>The Ai service's settings, bound from the <c>Ai</c> configuration section.</summary>
public sealed class AiOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ai";

    /// <summary>The model that answers a request naming none (<c>Ai:DefaultModel</c>).</summary>
    public string DefaultModel { get; set; } = SentimentModel.ModelName;

    /// <summary>The longest text, in UTF-16 characters, a request may carry (<c>Ai:MaxTextLength</c>).</summary>
    public int MaxTextLength { get; set; } = 20_000;
}
