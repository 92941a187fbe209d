using System.Diagnostics.CodeAnalysis;

namespace AiMesh.Ingest.Submissions;

/// <summary>A submission's text (and the model it asks for, if any) when it is acceptable, otherwise why it is not.</summary>
internal readonly record struct SubmissionResult
{
    private SubmissionResult(string? text, RequestedModel? model, SubmissionError? error)
    {
        Text = text;
        Model = model;
        Error = error;
    }

    public string? Text { get; }

    /// <summary>The model asked for; null when <c>model</c> was absent or null (Inference's default).</summary>
    public RequestedModel? Model { get; }

    public SubmissionError? Error { get; }

    [MemberNotNullWhen(true, nameof(Text))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    public static SubmissionResult Valid(string text, RequestedModel? model = null) => new(text, model, null);

    public static SubmissionResult Invalid(SubmissionError error) => new(null, null, error);

    public static implicit operator SubmissionResult(SubmissionError error) => Invalid(error);
}
