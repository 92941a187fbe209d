namespace AiMesh.Ai.Llm;

/// <summary>
/// The provider refused this request for good (a 4xx other than 408 and 429: a bad request, a key it
/// does not accept, an unknown model): trying again, or another model, would not help.
/// </summary>
public sealed class LlmRejectedException(int status, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The provider's HTTP status.</summary>
    public int Status { get; } = status;
}
