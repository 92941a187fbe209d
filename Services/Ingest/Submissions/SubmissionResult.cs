using System.Diagnostics.CodeAnalysis;

namespace AiMesh.Ingest.Submissions;

/// <summary>A submission's text when it is acceptable, otherwise why it is not.</summary>
internal readonly record struct SubmissionResult
{
    private SubmissionResult(string? text, SubmissionError? error)
    {
        Text = text;
        Error = error;
    }

    public string? Text { get; }

    public SubmissionError? Error { get; }

    [MemberNotNullWhen(true, nameof(Text))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    public static SubmissionResult Valid(string text) => new(text, null);

    public static SubmissionResult Invalid(SubmissionError error) => new(null, error);

    public static implicit operator SubmissionResult(SubmissionError error) => Invalid(error);
}
