using AiMesh.Inference.Caching;
using AiMesh.Redis;
using AiMesh.Tests.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Tests.Caching;

public sealed class RedisCacheHealthCheckTests
{
    [Fact]
    public async Task A_Redis_that_answers_is_healthy()
    {
        await using var server = await RedisServer.StartAsync();
        await using var redis = new RedisClient(server.CreateOptions());

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(redis)).Status);
    }

    [Fact]
    public async Task A_Redis_that_is_away_only_degrades_the_replica()
    {
        await using var redis = new RedisClient(new RedisConnectionOptions { Host = "127.0.0.1", Port = AiMesh.Tests.Ports.Closed() });

        Assert.Equal(HealthStatus.Degraded, (await CheckAsync(redis)).Status);
    }

    private static Task<HealthCheckResult> CheckAsync(RedisClient redis)
    {
        var check = new RedisCacheHealthCheck(redis, Options.Create(new InferenceOptions()));
        return check.CheckHealthAsync(
            new HealthCheckContext { Registration = new HealthCheckRegistration(RedisCacheHealthCheck.Name, check, null, null) },
            TestContext.Current.CancellationToken).DefaultTimeout();
    }
}
