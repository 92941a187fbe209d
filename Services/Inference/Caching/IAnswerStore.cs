namespace AiMesh.Inference.Caching;

/// <summary>
/// Where answers are kept, reporting an outage instead of hiding it, so that a circuit breaker can count
/// outages. <see cref="CircuitBreakingAnswerCache"/> turns it into an <see cref="IAnswerCache"/> that never throws.
/// </summary>
internal interface IAnswerStore
{
    /// <summary>The answer stored under <paramref name="key"/>, or null when there is none (or none readable).</summary>
    /// <exception cref="CacheUnavailableException">The store did not answer.</exception>
    Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="answer"/> for <paramref name="ttl"/>.</summary>
    /// <exception cref="CacheUnavailableException">The store did not answer.</exception>
    Task SetAsync(string key, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Completes when the store answers a no-op request.</summary>
    /// <exception cref="CacheUnavailableException">The store did not answer.</exception>
    Task PingAsync(CancellationToken cancellationToken);
}
