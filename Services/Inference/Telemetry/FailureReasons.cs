namespace AiMesh.Inference.Telemetry;

/// <summary>The <c>reason</c> tag values of <c>aimesh.inference.failures</c>.</summary>
internal static class FailureReasons
{
    /// <summary>
    /// The Ai service could not be reached, timed out or answered 5xx/408/429 (after the HTTP retries), its
    /// model list could not be had, or an LLM answer broke off or ended without its closing line.
    /// </summary>
    public const string AiUnavailable = "ai_unavailable";

    /// <summary>The Ai service refused the request with another 4xx: it will keep doing so for this text.</summary>
    public const string AiRejected = "ai_rejected";

    /// <summary>Kafka did not acknowledge the result.</summary>
    public const string ProduceFailed = "produce_failed";

    /// <summary>A data-topic message that is not a complete <c>TextSubmitted</c> with a text the pipeline accepts; it is dead-lettered.</summary>
    public const string InvalidMessage = "invalid_message";

    /// <summary>An exception nothing explains (a bug meeting this input); the message is dead-lettered.</summary>
    public const string Unexpected = "unexpected";

    /// <summary>
    /// A Redis call failed or timed out; the message went on without the cache. Calls the open circuit
    /// breaker skipped are not failures: they are counted by <c>aimesh.inference.cache.skipped</c>.
    /// </summary>
    public const string CacheUnavailable = "cache_unavailable";
}
