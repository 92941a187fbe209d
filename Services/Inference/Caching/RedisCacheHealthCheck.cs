using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Inference.Caching;

/// <summary>
/// Degraded, never Unhealthy, when Redis does not answer: without the cache this replica still produces
/// every result (only slower), so a Redis outage must not make the replica look down. It replaces the
/// Redis client's own check, which would report Unhealthy. While the circuit breaker is open the answer is
/// Degraded at once: the breaker already knows, and a PING would only wait out the cache timeout.
/// </summary>
internal sealed class RedisCacheHealthCheck(CacheCircuit circuit, IAnswerStore store) : IHealthCheck
{
    public const string Name = "redis-cache";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (circuit.IsOpen)
        {
            return HealthCheckResult.Degraded(
                $"The Redis cache circuit breaker is open ({circuit.OpenedBecause ?? "repeated failures"}): results are produced "
                + "without the cache, and Redis is probed until it answers.");
        }

        try
        {
            await store.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The Redis cache answers.");
        }
        catch (CacheUnavailableException exception)
        {
            return HealthCheckResult.Degraded("Redis does not answer; results are produced without the cache.", exception);
        }
    }
}
