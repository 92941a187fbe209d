using AiMesh.Contracts;

namespace AiMesh.Ingest.Submissions;

/// <summary>
/// Why a submission was refused, ready to become a 400 problem: a whole-request problem
/// (<see cref="Field"/> null) or a validation error on one property of the body.
/// </summary>
/// <param name="Title">A short summary that is the same for every error of its kind.</param>
/// <param name="Detail">What was wrong with this request and how to fix it.</param>
/// <param name="Field">The body property at fault (<c>text</c>, <c>model</c>), or null when the request as a whole is.</param>
internal sealed record SubmissionError(string Title, string Detail, string? Field = null)
{
    /// <summary>The property the text validation errors are about.</summary>
    public const string TextField = SubmissionProperties.Text;

    /// <summary>The property the model errors are about.</summary>
    public const string ModelField = SubmissionProperties.Model;

    // A property name is quoted in a detail only this far: the body may be one long name.
    private const int LongestQuotedName = 64;

    public static SubmissionError MissingBody() => new(
        "Missing body",
        """The request has no body. Send a JSON object such as {"text": "..."} with Content-Type: application/json.""");

    public static SubmissionError UnsupportedContentType(string? contentType) => new(
        "Unsupported content type",
        contentType is null
            ? "The request has no Content-Type. Send the body as JSON with Content-Type: application/json."
            : $"The body is '{contentType}'. Send it as JSON with Content-Type: application/json (UTF-8).");

    public static SubmissionError BodyTooLarge(int maxBodyBytes, int maxTextLength) => new(
        "Body too large",
        $"The body is larger than {maxBodyBytes} bytes, the most a text of up to {maxTextLength} characters can need.");

    public static SubmissionError MalformedJson(long line, long bytePosition, string reason) => new(
        "Malformed JSON",
        $"The body is not valid JSON at line {line}, byte {bytePosition}: {reason}");

    public static SubmissionError NotAnObject(string kind) => new(
        "Body is not a JSON object",
        $$"""The body is a JSON {{kind}}; send a JSON object such as {"text": "..."}.""");

    public static SubmissionError UndecodablePropertyName() => new(
        "Malformed JSON",
        $"A property name in the body is not valid Unicode (invalid UTF-8 or an unpaired surrogate escape). A submission has only these properties: {SubmissionProperties.Describe()}.");

    public static SubmissionError UnexpectedProperty(string name) => new(
        "Unexpected property",
        $"The body has a property '{Quote(name)}' that a submission does not have. Allowed properties (matched ignoring case): {SubmissionProperties.Describe()}.");

    public static SubmissionError TextMissing() => Text("The 'text' property is required.");

    public static SubmissionError TextDuplicated() => Text("The body has more than one 'text' property; send exactly one.");

    public static SubmissionError TextNull() => Text("The 'text' property must not be null.");

    public static SubmissionError TextNotString(string kind) => Text($"The 'text' property must be a string; it is {WithArticle(kind)}.");

    /// <summary>JSON that does not decode to a string at all, before <see cref="TextRules"/> can look at it.</summary>
    public static SubmissionError TextInvalidUnicode() => Text("The 'text' property is not valid Unicode (invalid UTF-8 or an unpaired surrogate).");

    /// <summary>A text that breaks the pipeline's rule, in the rule's own words.</summary>
    public static SubmissionError TextBreaksRule(TextViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return Text(violation.Description);
    }

    public static SubmissionError TextTooLong(int length, int maxTextLength) =>
        Text($"The 'text' property must be at most {maxTextLength} characters; it has {length}.");

    public static SubmissionError ModelDuplicated() => Model("The body has more than one 'model' property; send at most one.");

    /// <summary>A <c>model</c> that can name no model (<see cref="RequestedModel.Fault"/>), then the <paramref name="choices"/> sentence.</summary>
    public static SubmissionError ModelUnusable(string fault, string choices) =>
        Model($"The 'model' property {fault}: name a model, or leave it out (or null) for the default model. {choices}");

    /// <summary>A name Ai's model list does not have, then the <paramref name="choices"/> sentence.</summary>
    public static SubmissionError ModelUnknown(string name, string choices) =>
        Model($"There is no model named '{Quote(name)}'. {choices}");

    /// <summary>
    /// A model Ai lists but says cannot answer (an LLM model without an API key): the request is well
    /// formed, yet asking for it would only make a text fail later, so it is refused now with Ai's reason.
    /// </summary>
    public static SubmissionError ModelUnavailable(string name, string? reason, string choices) => new(
        "Model unavailable",
        $"The model '{Quote(name)}' cannot answer now: {reason ?? "Ai gives no reason."} {choices}",
        ModelField);

    /// <summary>A JSON kind as a detail names it: "a number", "an object".</summary>
    public static string WithArticle(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return "aeiou".Contains(kind[0], StringComparison.Ordinal) ? $"an {kind}" : $"a {kind}";
    }

    private static SubmissionError Text(string detail) => new("Invalid text", detail, TextField);

    private static SubmissionError Model(string detail) => new("Invalid model", detail, ModelField);

    private static string Quote(string name)
    {
        if (name.Length <= LongestQuotedName)
        {
            return name;
        }

        // Never cut a surrogate pair in two: the detail must stay valid Unicode.
        var end = char.IsHighSurrogate(name[LongestQuotedName - 1]) ? LongestQuotedName - 1 : LongestQuotedName;
        return string.Concat(name.AsSpan(0, end), "…");
    }
}
