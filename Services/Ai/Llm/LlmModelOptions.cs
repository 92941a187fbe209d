namespace AiMesh.Ai.Llm;

/// <summary>One named LLM model (<c>Ai:Llm:Models:{name}</c>): which provider model answers, told what, within which limits.</summary>
public sealed class LlmModelOptions
{
    /// <summary>The provider's model id, e.g. <c>openai/gpt-4o-mini</c> on OpenRouter.</summary>
    public string ProviderModel { get; set; } = "openai/gpt-4o-mini";

    /// <summary>One line for <c>GET /api/models</c>.</summary>
    public string? Description { get; set; }

    /// <summary>The system prompt: the task the model does with each text.</summary>
    public string Instructions { get; set; } = "Answer the user's text helpfully and concisely.";

    /// <summary>The most tokens one answer may have.</summary>
    public int MaxOutputTokens { get; set; } = 512;

    /// <summary>How long one provider model may take to start answering, and to finish.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Provider model ids tried in order when the one before is rate limited, failing or too slow.</summary>
    public List<string> Fallbacks { get; set; } = [];
}
