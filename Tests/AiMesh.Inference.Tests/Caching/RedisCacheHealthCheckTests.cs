using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AiMesh.Inference.Tests.Caching;

public sealed class RedisCacheHealthCheckTests
{
    [Fact]
    public async Task A_Redis_that_answers_is_healthy()
    {
        await using var server = await RedisServer.StartAsync();
        await using var harness = CacheHarness.OverRedis(server.CreateOptions());

        Assert.Equal(HealthStatus.Healthy, (await harness.CheckHealthAsync().DefaultTimeout()).Status);
    }

    [Fact]
    public async Task A_Redis_that_is_away_only_degrades_the_replica()
    {
        await using var harness = CacheHarness.OverRedis(new ConfigurationOptions { EndPoints = { { "127.0.0.1", AiMesh.Tests.Ports.Closed() } }, AbortOnConnectFail = false, ConnectTimeout = 1000 });

        Assert.Equal(HealthStatus.Degraded, (await harness.CheckHealthAsync().DefaultTimeout()).Status);
    }

    [Fact]
    public async Task While_the_breaker_is_open_the_cache_is_Degraded_at_once_without_asking_Redis()
    {
        var store = new FakeAnswerStore { Available = false };
        await using var harness = CacheHarness.Over(store);
        while (!harness.Circuit.IsOpen)
        {
            await harness.Cache.GetAsync("a", TestContext.Current.CancellationToken).DefaultTimeout();
        }

        var check = harness.CheckHealthAsync();

        Assert.True(check.IsCompleted);
        var result = await check;
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("circuit breaker is open (connection refused)", result.Description, StringComparison.Ordinal);
        Assert.Equal(0, store.Pings);
    }
}
