using AiMesh.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Caching;

/// <summary>
/// Degraded, never Unhealthy, when Redis does not answer: without the cache this replica still produces
/// every result (only slower), so a Redis outage must not make the replica look down. It replaces the
/// Redis client's own check, which would report Unhealthy.
/// </summary>
internal sealed class RedisCacheHealthCheck(RedisClient redis, IOptions<InferenceOptions> options) : IHealthCheck
{
    public const string Name = "redis-cache";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CacheTimeout);
        try
        {
            await redis.PingAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The Redis cache answers.");
        }
        catch (Exception exception) when (exception is RedisException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Degraded("Redis does not answer; results are produced without the cache.", exception);
        }
    }
}
