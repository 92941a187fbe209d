namespace AiMesh.Inference.Ai;

/// <summary>
/// What Inference reads of the Ai service's <c>GET /api/models</c>: the names of its LLM models. The
/// rest of the document (descriptions, versions, availability) is the Ai service's to judge per request.
/// </summary>
/// <param name="Llms">The LLM models (answered by <c>POST /api/answer</c>); null from an Ai service that has none.</param>
internal sealed record AiModelList(IReadOnlyList<AiModelName>? Llms);

/// <summary>One entry of <see cref="AiModelList"/>.</summary>
/// <param name="Name">The name a text picks the model by; null only in a malformed list.</param>
internal sealed record AiModelName(string? Name);
