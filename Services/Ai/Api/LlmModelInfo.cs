namespace AiMesh.Ai.Api;

/// <summary>One LLM model in <c>GET /api/models</c>.</summary>
/// <param name="Name">The name a request uses to pick it.</param>
/// <param name="Description">What it does, in one line.</param>
/// <param name="ProviderModels">The provider model ids tried for each text, the first one first, then the fallbacks.</param>
/// <param name="Endpoint">The OpenAI-compatible endpoint's host.</param>
/// <param name="Available">Whether it can answer: there is an API key.</param>
/// <param name="UnavailableReason">Why it cannot answer, when it cannot.</param>
/// <param name="LastFailure">The last provider failure, while the last call failed.</param>
public sealed record LlmModelInfo(
    string Name,
    string Description,
    IReadOnlyList<string> ProviderModels,
    string Endpoint,
    bool Available,
    string? UnavailableReason,
    string? LastFailure);
