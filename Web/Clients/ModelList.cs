namespace AiMesh.Web.Clients;

/// <summary>Ingest's <c>GET /api/models</c>: the models a text can be sent to.</summary>
/// <param name="Default">The built-in model that answers texts naming none.</param>
/// <param name="Models">The built-in models.</param>
/// <param name="Llms">The LLM models, available or not.</param>
public sealed record ModelList(string Default, IReadOnlyList<ModelInfo> Models, IReadOnlyList<LlmModelInfo> Llms);
