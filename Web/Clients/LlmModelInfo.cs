namespace AiMesh.Web.Clients;

/// <summary>An LLM model in <see cref="ModelList"/>.</summary>
/// <param name="Name">The name a text is sent to it by.</param>
/// <param name="Description">What it does, in one line.</param>
/// <param name="ProviderModels">The provider models tried for each text, the first one first, then the fallbacks.</param>
/// <param name="Endpoint">The host of the OpenAI-compatible endpoint it calls.</param>
/// <param name="Available">Whether it can answer now.</param>
/// <param name="UnavailableReason">Why it cannot, when it cannot (e.g. no API key is configured).</param>
/// <param name="LastFailure">The provider's last failure, while its last call failed.</param>
public sealed record LlmModelInfo(
    string Name,
    string? Description,
    IReadOnlyList<string>? ProviderModels,
    string? Endpoint,
    bool Available,
    string? UnavailableReason,
    string? LastFailure);
