namespace AiMesh.Inference.Caching;

/// <summary>
/// Redis did not serve a cache call: it failed, or no reply came within
/// <see cref="InferenceOptions.CacheTimeout"/>. The circuit breaker counts these; callers of
/// <see cref="IAnswerCache"/> never see one.
/// </summary>
internal sealed class CacheUnavailableException : Exception
{
    public CacheUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when Redis simply did not answer in time, as opposed to answering with an error.</summary>
    public bool TimedOut => InnerException is OperationCanceledException;
}
