namespace AiMesh.Web.Clients;

/// <summary>A built-in model in <see cref="ModelList"/>.</summary>
/// <param name="Name">The name a text is sent to it by.</param>
/// <param name="Description">What it does, in one line.</param>
/// <param name="IsDefault">Whether it answers texts naming no model.</param>
/// <param name="Version">Which build of it answers.</param>
/// <param name="Labels">The labels it answers with.</param>
/// <param name="Evaluation">Its accuracy when last evaluated; null when never.</param>
/// <param name="Ready">Whether it is loaded and answering.</param>
public sealed record ModelInfo(
    string Name,
    string? Description,
    bool IsDefault,
    string? Version,
    IReadOnlyList<string>? Labels,
    ModelEvaluation? Evaluation,
    bool Ready);
