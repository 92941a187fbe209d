namespace AiMesh.Inference.Caching;

/// <summary>An Ai answer as it is kept in Redis (JSON), with the replica that first computed it.</summary>
/// <param name="Label">The model's answer.</param>
/// <param name="Score">The model's confidence in <paramref name="Label"/>.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="AiInstance">The Ai replica that ran the model.</param>
/// <param name="ModelVersion">The model's version, when the Ai service said it.</param>
internal sealed record CachedAnswer(string Label, double Score, string Model, string AiInstance, string? ModelVersion = null);
