namespace AiMesh.Ai.Llm;

/// <summary>
/// The LLM models the Ai service offers beside its built-in ones, all on one OpenAI-compatible
/// endpoint (section <c>Ai:Llm</c>). OpenRouter by default; Ollama, vLLM, LM Studio or a gateway by
/// setting <see cref="Endpoint"/>.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Ai:Llm";

    /// <summary>OpenRouter's OpenAI-compatible base address.</summary>
    public static readonly Uri OpenRouterEndpoint = new("https://openrouter.ai/api/v1/");

    /// <summary>The name of the model the AppHost's <c>llm-model</c> parameter configures.</summary>
    public const string DefaultModelName = "llm";

    /// <summary>The OpenAI-compatible base address; requests go to <c>{Endpoint}chat/completions</c>.</summary>
    public Uri Endpoint { get; set; } = OpenRouterEndpoint;

    /// <summary>The bearer key. Without one every LLM model is listed as unavailable and refused.</summary>
    public string? ApiKey { get; set; }

    /// <summary>OpenRouter's attribution: the <c>HTTP-Referer</c> header (the app's site), sent when set.</summary>
    public string? Referer { get; set; }

    /// <summary>OpenRouter's attribution: the <c>X-Title</c> header.</summary>
    public string Title { get; set; } = "AiMesh";

    /// <summary>
    /// Whether prompts and answers go into telemetry (GenAI semantic conventions). Off unless set, and
    /// the service turns it on by default only in Development.
    /// </summary>
    public bool? CaptureContent { get; set; }

    /// <summary>How often the endpoint is asked whether it answers, while there is a key.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The named models. <c>llm</c> exists even when not configured, answering with its defaults.</summary>
    public Dictionary<string, LlmModelOptions> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
