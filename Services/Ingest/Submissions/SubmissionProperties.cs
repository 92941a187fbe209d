namespace AiMesh.Ingest.Submissions;

/// <summary>
/// The properties a submission body may have. Anything else is refused rather than ignored: a typo
/// (<c>"txt"</c>) or a setting this version does not know would otherwise be dropped without a word.
/// A new optional property is one more entry in <see cref="Allowed"/> and one more case in
/// <see cref="SubmissionValidator"/>.
/// </summary>
internal static class SubmissionProperties
{
    /// <summary>The text to run inference on; required.</summary>
    public const string Text = "text";

    /// <summary>The model to run on it, by name; optional (absent or null for Inference's default).</summary>
    public const string Model = "model";

    /// <summary>Every property a submission may have. Names match ignoring case, as ASP.NET Core's JSON binding does.</summary>
    public static readonly IReadOnlyList<string> Allowed = [Text, Model];

    public static bool IsAllowed(string name) => Allowed.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The allowed names as a problem's detail lists them: <c>'text', 'model'</c>.</summary>
    public static string Describe() => string.Join(", ", Allowed.Select(name => $"'{name}'"));
}
