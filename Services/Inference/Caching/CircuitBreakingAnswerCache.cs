using AiMesh.Inference.Telemetry;
using Polly;

namespace AiMesh.Inference.Caching;

/// <summary>
/// The answer cache over an <see cref="IAnswerStore"/> (Redis), through <see cref="CacheCircuit"/>. Redis is
/// an optimisation, not a dependency: a call that fails is a miss (or a skipped store), logged as a warning
/// at most once per <see cref="WarningInterval"/>. While the breaker is open Redis is not called at all and
/// both methods return tasks that are already complete, so no message waits on a Redis known to be away.
/// </summary>
internal sealed partial class CircuitBreakingAnswerCache(
    IAnswerStore store,
    CacheCircuit circuit,
    InferenceMetrics metrics,
    TimeProvider timeProvider,
    ILogger<CircuitBreakingAnswerCache> logger) : IAnswerCache
{
    public static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    private const string Read = "read";
    private const string Write = "write";
    private static readonly Task<CachedAnswer?> s_miss = Task.FromResult<CachedAnswer?>(null);

    private readonly WarningThrottle _warnings = new(WarningInterval, timeProvider);

    public Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (circuit.IsOpen)
        {
            metrics.CacheSkipped(Read);
            return s_miss;
        }

        return GetThroughCircuitAsync(key, cancellationToken);
    }

    public Task SetAsync(string key, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (circuit.IsOpen)
        {
            metrics.CacheSkipped(Write);
            return Task.CompletedTask;
        }

        return SetThroughCircuitAsync(key, answer, ttl, cancellationToken);
    }

    private async Task<CachedAnswer?> GetThroughCircuitAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await circuit.ExecuteAsync(token => store.GetAsync(key, token), cancellationToken).ConfigureAwait(false);
            Available();
            return answer;
        }
        catch (CacheUnavailableException exception)
        {
            Unavailable(Read, exception);
            return null;
        }
        catch (ExecutionRejectedException)
        {
            // The breaker opened after IsOpen was read: skipped like any call made a moment later.
            metrics.CacheSkipped(Read);
            return null;
        }
    }

    private async Task SetThroughCircuitAsync(string key, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken)
    {
        try
        {
            await circuit.ExecuteAsync(token => store.SetAsync(key, answer, ttl, token), cancellationToken).ConfigureAwait(false);
            Available();
        }
        catch (CacheUnavailableException exception)
        {
            Unavailable(Write, exception);
        }
        catch (ExecutionRejectedException)
        {
            metrics.CacheSkipped(Write);
        }
    }

    private void Unavailable(string operation, CacheUnavailableException exception)
    {
        metrics.Failed(FailureReasons.CacheUnavailable);
        if (_warnings.ShouldLog(out var suppressed))
        {
            // A timeout's stack trace says nothing the message does not; Redis's own errors keep theirs.
            LogUnavailable(logger, operation, exception.Message, suppressed, WarningInterval.TotalSeconds, exception.TimedOut ? null : exception.InnerException);
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
}
