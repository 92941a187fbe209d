using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AiMesh.Inference.Caching;

/// <summary>
/// Answers kept in Redis as JSON with a TTL, through the multiplexer <c>AddRedisClient</c> registers.
/// Every call is cut off after <see cref="InferenceOptions.CacheTimeout"/> (StackExchange.Redis takes
/// no cancellation token, so the wait is cut, not the command); a call that fails or is cut off throws
/// <see cref="CacheUnavailableException"/>, which the circuit breaker counts. Each call is a span of
/// <see cref="RedisTracing"/> when its text's trace is recorded.
/// </summary>
internal sealed partial class RedisAnswerStore(
    IConnectionMultiplexer redis,
    IOptions<InferenceOptions> options,
    ILogger<RedisAnswerStore> logger) : IAnswerStore
{
    private readonly EndPoint? _server = redis.GetEndPoints(configuredOnly: true).FirstOrDefault();

    public async Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        string? json = await CallAsync("GET", database => database.StringGetAsync(key), cancellationToken).ConfigureAwait(false);
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
            "SET",
            database => database.StringSetAsync(key, json, ttl),
            cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        CallAsync("PING", database => database.PingAsync(), cancellationToken);

    private async Task<T> CallAsync<T>(string command, Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        var limit = options.Value.CacheTimeout;
        using var activity = RedisTracing.Start(command, _server);
        try
        {
            // The caller's cancellation (the worker stopping) is not an outage: WaitAsync lets it go up
            // as an OperationCanceledException, and only our own limit becomes a TimeoutException.
            return await call(redis.GetDatabase()).WaitAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException exception)
        {
            // Connection and server errors (no connection available, WRONGPASS, LOADING…).
            RedisTracing.Failed(activity, exception);
            throw new CacheUnavailableException(exception.Message, exception);
        }
        catch (TimeoutException exception)
        {
            // Ours, or the client's RedisTimeoutException (a TimeoutException, not a RedisException).
            RedisTracing.Failed(activity, exception);
            throw new CacheUnavailableException($"no reply within {limit.TotalMilliseconds:0} ms", exception);
        }
        catch (ObjectDisposedException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The multiplexer is disposed while the host stops; the call is skipped like any outage.
            RedisTracing.Failed(activity, exception);
            throw new CacheUnavailableException("the Redis connection is closed", exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cache entry {Key} is not a readable answer; treating it as a miss.")]
    private static partial void LogUnreadableEntry(ILogger logger, string key, Exception exception);
}
