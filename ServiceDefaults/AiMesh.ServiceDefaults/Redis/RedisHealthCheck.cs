using AiMesh.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.ServiceDefaults.Redis;

/// <summary>Healthy when the shared client's PING is answered in time.</summary>
internal sealed class RedisHealthCheck(RedisClient client, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var roundTrip = await client.PingAsync(cts.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {roundTrip.TotalMilliseconds:0.0} ms.");
        }
        catch (Exception e) when (e is RedisException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"PING failed: {e.Message}", e);
        }
    }
}
