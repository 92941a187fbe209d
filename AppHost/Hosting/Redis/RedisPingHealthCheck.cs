using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AiMesh.AppHost.Hosting.Redis;

/// <summary>Healthy when PING answers over the connection string clients get, password included.</summary>
internal sealed class RedisPingHealthCheck(RedisServerResource redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var options = ConfigurationOptions.Parse(await redis.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "");
            // One short attempt per check: the health service calls again soon enough.
            options.AbortOnConnectFail = true;
            options.ConnectRetry = 0;
            options.ConnectTimeout = 3_000;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            var roundTrip = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {roundTrip.TotalMilliseconds:0.0} ms.");
        }
        catch (RedisException e)
        {
            return HealthCheckResult.Unhealthy($"PING failed: {e.Message}", e);
        }
    }
}
