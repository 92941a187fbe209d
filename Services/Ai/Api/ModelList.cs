namespace AiMesh.Ai.Api;

/// <summary>The answer of <c>GET /api/models</c>.</summary>
/// <param name="Default">The name of the model that answers requests naming none.</param>
/// <param name="Models">Every built-in model, ordered by name.</param>
/// <param name="Llms">Every LLM model (<c>POST /api/answer</c>), ordered by name.</param>
public sealed record ModelList(string Default, IReadOnlyList<ModelInfo> Models, IReadOnlyList<LlmModelInfo> Llms);
