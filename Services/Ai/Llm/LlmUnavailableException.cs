namespace AiMesh.Ai.Llm;

/// <summary>
/// No provider model can answer now: there is no API key, or every one was rate limited, failing or
/// too slow. <see cref="RetryAfter"/> says when one may answer again, when the provider said so.
/// </summary>
public sealed class LlmUnavailableException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
