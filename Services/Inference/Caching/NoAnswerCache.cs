namespace AiMesh.Inference.Caching;

/// <summary>The cache when no Redis is configured: every lookup is a miss and nothing is stored.</summary>
internal sealed partial class NoAnswerCache : IAnswerCache
{
    public NoAnswerCache(ILogger<NoAnswerCache> logger) => LogNoCache(logger);

    public Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<CachedAnswer?>(null);

    public Task SetAsync(string key, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "No ConnectionStrings:redis is configured: every text goes to the Ai service, nothing is cached.")]
    private static partial void LogNoCache(ILogger logger);
}
