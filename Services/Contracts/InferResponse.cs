namespace AiMesh.Contracts;

/// <summary>The Ai service's answer to <see cref="InferRequest"/>.</summary>
/// <param name="Label">The model's answer, e.g. <c>positive</c>, <c>negative</c> or <c>neutral</c>.</param>
/// <param name="Score">The model's confidence in <paramref name="Label"/>, from 0 to 1.</param>
/// <param name="Model">The name of the model that answered.</param>
/// <param name="Instance">The Ai replica that answered.</param>
/// <param name="ModelVersion">The version of the model that answered.</param>
public sealed record InferResponse(string Label, double Score, string Model, string Instance, string? ModelVersion = null);
