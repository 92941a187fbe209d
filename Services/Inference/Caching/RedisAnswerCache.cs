using System.Text.Json;
using AiMesh.Inference.Telemetry;
using AiMesh.Redis;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Caching;

/// <summary>
/// Answers kept in Redis as JSON with a TTL. Redis is an optimisation, not a dependency: a call that
/// fails or outlasts <see cref="InferenceOptions.CacheTimeout"/> counts as a miss (or a skipped store), and
/// is logged as a warning at most once per <see cref="WarningInterval"/>.
/// </summary>
internal sealed partial class RedisAnswerCache(
    RedisClient redis,
    IOptions<InferenceOptions> options,
    InferenceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<RedisAnswerCache> logger) : IAnswerCache
{
    public static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    private readonly WarningThrottle _warnings = new(WarningInterval, timeProvider);

    public async Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        string? json;
        using (var timeout = StartTimeout(cancellationToken))
        {
            try
            {
                json = await redis.GetStringAsync(key, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsUnavailable(exception, cancellationToken))
            {
                Unavailable("read", exception);
                return null;
            }
        }

        Available();
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

    public async Task SetAsync(string key, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(answer, InferenceJsonContext.Default.CachedAnswer);
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            await redis.SetAsync(key, json, ttl, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsUnavailable(exception, cancellationToken))
        {
            Unavailable("write", exception);
            return;
        }

        Available();
    }

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CacheTimeout);
        return timeout;
    }

    // Our own timeout shows as a cancellation the caller did not ask for; the caller's own
    // cancellation (the worker stopping) is not an outage and goes up as it is.
    private static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) =>
        exception is RedisException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private void Unavailable(string operation, Exception exception)
    {
        metrics.Failed(FailureReasons.CacheUnavailable);
        if (_warnings.ShouldLog(out var suppressed))
        {
            var reason = exception is OperationCanceledException
                ? $"no reply within {options.Value.CacheTimeout.TotalMilliseconds:0} ms"
                : exception.Message;
            LogUnavailable(logger, operation, reason, suppressed, WarningInterval.TotalSeconds, exception is OperationCanceledException ? null : exception);
        }
    }

    private void Available()
    {
        if (_warnings.Recovered())
        {
            LogAvailableAgain(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis cache {Operation} failed ({Reason}); going on without the cache. {Suppressed} similar failures were not logged; the next is logged in {IntervalSeconds} s at the earliest.")]
    private static partial void LogUnavailable(ILogger logger, string operation, string reason, int suppressed, double intervalSeconds, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis cache answers again.")]
    private static partial void LogAvailableAgain(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cache entry {Key} is not a readable answer; treating it as a miss.")]
    private static partial void LogUnreadableEntry(ILogger logger, string key, Exception exception);
}
