using System.Text.Json;
using AiMesh.Redis;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Caching;

/// <summary>
/// Answers kept in Redis as JSON with a TTL. Every call is cut off after
/// <see cref="InferenceOptions.CacheTimeout"/>; a call that fails or is cut off throws
/// <see cref="CacheUnavailableException"/>, which the circuit breaker counts.
/// </summary>
internal sealed partial class RedisAnswerStore(
    RedisClient redis,
    IOptions<InferenceOptions> options,
    ILogger<RedisAnswerStore> logger) : IAnswerStore
{
    public async Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var json = await CallAsync(token => redis.GetStringAsync(key, token), cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        try
        {
            // JSON leaves missing members null: an entry without them would publish a result Results refuses.
            return JsonSerializer.Deserialize(json, InferenceJsonContext.Default.CachedAnswer) is { Label: not null, Model: not null, AiInstance: not null } answer
                ? answer
                : null;
        }
        catch (JsonException exception)
        {
            // Written by another version or damaged: answer as a miss; the fresh answer overwrites it.
            LogUnreadableEntry(logger, key, exception);
            return null;
        }
    }

    public Task SetAsync(string key, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(answer, InferenceJsonContext.Default.CachedAnswer);
        return CallAsync(
            async token =>
            {
                await redis.SetAsync(key, json, ttl, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        CallAsync(redis.PingAsync, cancellationToken);

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var limit = options.Value.CacheTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await call(timeout.Token).ConfigureAwait(false);
        }
        catch (RedisException exception)
        {
            throw new CacheUnavailableException(exception.Message, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own timeout shows as a cancellation the caller did not ask for; the caller's own
            // cancellation (the worker stopping) is not an outage and goes up as it is.
            throw new CacheUnavailableException($"no reply within {limit.TotalMilliseconds:0} ms", exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cache entry {Key} is not a readable answer; treating it as a miss.")]
    private static partial void LogUnreadableEntry(ILogger logger, string key, Exception exception);
}
