using AiMesh.Ai.Models;

namespace AiMesh.Ai.Api;

/// <summary>One model in <c>GET /api/models</c>.</summary>
/// <param name="Name">The name a request uses to pick it.</param>
/// <param name="Description">What it does, in one line.</param>
/// <param name="IsDefault">Whether it answers requests that name no model.</param>
/// <param name="Version">Which build of it answers.</param>
/// <param name="Labels">The labels it answers with.</param>
/// <param name="Evaluation">Its accuracy on the held-out set when it was last evaluated; absent when never.</param>
/// <param name="Ready">Whether it is loaded and answering on this replica.</param>
public sealed record ModelInfo(
    string Name,
    string Description,
    bool IsDefault,
    string Version,
    IReadOnlyList<string> Labels,
    ModelEvaluation? Evaluation,
    bool Ready);
