namespace AiMesh.Ai.Api;

/// <summary>One model in <c>GET /api/models</c>.</summary>
/// <param name="Name">The name a request uses to pick it.</param>
/// <param name="Description">What it does, in one line.</param>
/// <param name="IsDefault">Whether it answers requests that name no model.</param>
public sealed record ModelInfo(string Name, string Description, bool IsDefault);
