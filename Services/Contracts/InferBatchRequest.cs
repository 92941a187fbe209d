namespace AiMesh.Contracts;

/// <summary>The body of the Ai service's <c>POST /api/infer/batch</c>.</summary>
/// <param name="Texts">The texts to run the model on, answered in this order.</param>
/// <param name="Model">The model's name; the Ai service's default model when left out.</param>
public sealed record InferBatchRequest(IReadOnlyList<string> Texts, string? Model = null);
