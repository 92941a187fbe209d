namespace AiMesh.Contracts;

/// <summary>The body of the Ai service's <c>POST /api/infer</c>.</summary>
/// <param name="Text">The text to run the model on.</param>
/// <param name="Model">The model's name; the Ai service's default model when left out.</param>
public sealed record InferRequest(string Text, string? Model = null);
