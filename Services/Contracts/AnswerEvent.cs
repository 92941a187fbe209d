namespace AiMesh.Contracts;

/// <summary>
/// One line of Ai's <c>POST /api/answer</c> stream (<c>application/x-ndjson</c>): the answer's text as
/// it arrives (<see cref="DeltaType"/>), then one closing line, <see cref="DoneType"/> with the whole
/// answer and what it cost, or <see cref="ErrorType"/> when the provider failed after answering began.
/// </summary>
/// <param name="Type"><c>delta</c>, <c>done</c> or <c>error</c>.</param>
/// <param name="Text">The new text (delta), the whole answer (done) or what went wrong (error).</param>
/// <param name="Model">The AiMesh model name that answered (done).</param>
/// <param name="ProviderModel">The provider's model id that answered, a fallback's when the first failed (done).</param>
/// <param name="FinishReason">Why the answer ended, as the provider says it: <c>stop</c>, <c>length</c>, ... (done).</param>
/// <param name="InputTokens">Prompt tokens, when the provider reports them (done).</param>
/// <param name="OutputTokens">Answer tokens, when the provider reports them (done).</param>
/// <param name="LatencyMs">From the request to the last token, in milliseconds (done).</param>
public sealed record AnswerEvent(
    string Type,
    string Text,
    string? Model = null,
    string? ProviderModel = null,
    string? FinishReason = null,
    long? InputTokens = null,
    long? OutputTokens = null,
    double? LatencyMs = null)
{
    /// <summary>The header of the <c>POST /api/answer</c> response that names the Ai replica answering.</summary>
    public const string InstanceHeader = "AiMesh-Instance";

    public const string DeltaType = "delta";
    public const string DoneType = "done";
    public const string ErrorType = "error";

    public static AnswerEvent Delta(string text) => new(DeltaType, text);

    public static AnswerEvent Failed(string reason) => new(ErrorType, reason);
}
