using AiMesh.Ingest.Submissions;

namespace AiMesh.Ingest.AiModels;

/// <summary>
/// What <see cref="ModelChooser"/> made of a submission's model: the model to publish (null for
/// Inference's default), a refusal (the client's mistake, 400), or Ai's list could not be had (503).
/// </summary>
internal sealed record ModelChoice
{
    private ModelChoice(string? model, SubmissionError? refusal, string? aiUnavailable)
    {
        Model = model;
        Refusal = refusal;
        AiUnavailable = aiUnavailable;
    }

    /// <summary>No model was named: Inference's default, and Ai was not asked.</summary>
    public static ModelChoice Default { get; } = new(null, null, null);

    /// <summary>The model's canonical name, as Ai spells it; null for the default.</summary>
    public string? Model { get; }

    /// <summary>Why the model named cannot be chosen; a 400.</summary>
    public SubmissionError? Refusal { get; }

    /// <summary>Why Ai's list could not be had; a 503, and nothing published.</summary>
    public string? AiUnavailable { get; }

    public static ModelChoice Chosen(string model) => new(model, null, null);

    public static ModelChoice Refused(SubmissionError refusal) => new(null, refusal, null);

    public static ModelChoice CannotAskAi(string reason) => new(null, null, reason);
}
