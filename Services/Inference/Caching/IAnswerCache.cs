namespace AiMesh.Inference.Caching;

/// <summary>
/// Where answers are remembered between identical texts. Implementations never throw for an unavailable
/// store: a cache that cannot answer is a miss, and one that cannot store simply does not.
/// </summary>
internal interface IAnswerCache
{
    /// <summary>The answer stored under <paramref name="key"/>, or null on a miss or when the store is unavailable.</summary>
    Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="answer"/> for <paramref name="ttl"/>, if the store is available.</summary>
    Task SetAsync(string key, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken);
}
