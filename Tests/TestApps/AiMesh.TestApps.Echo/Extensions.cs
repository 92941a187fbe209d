using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.TestApps.Echo;

internal static class Extensions
{
    public static void AddEchoServices(this IHostApplicationBuilder builder)
    {
        // Echo:ReadyAfterMs lets a test hold the service Unhealthy for a while after it starts.
        var readyAfter = TimeSpan.FromMilliseconds(builder.Configuration.GetValue("Echo:ReadyAfterMs", 0));
        var startedAt = DateTime.UtcNow;
        builder.Services.AddHealthChecks().AddCheck("ready", () => DateTime.UtcNow - startedAt >= readyAfter
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Not ready for another {(readyAfter - (DateTime.UtcNow - startedAt)).TotalSeconds:0.0} s."));
        builder.Services.AddHttpClient("peers");

        // With a Redis reference, the Redis integration's health check joins /health: the service is
        // healthy only once it really reached Redis.
        if (builder.Configuration.GetConnectionString("redis") is not null)
        {
            builder.AddRedisClient("redis");
        }
    }
}
