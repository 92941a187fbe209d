using AiMesh.Inference.Caching;
using AiMesh.Inference.Tests.TestSupport;
using AiMesh.Tests.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AiMesh.Inference.Tests.Caching;

/// <summary>
/// A real redis-server, frozen with SIGSTOP: connections stay open and nothing is answered, the outage
/// that made every message wait out the cache timeout before the breaker existed.
/// </summary>
public sealed class FrozenRedisTests
{
    private static readonly CachedAnswer s_answer = new("positive", 0.9, "sentiment", "ai-a");
    private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(5);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Once_the_breaker_opens_no_call_waits_on_Redis_and_when_Redis_runs_again_the_cache_is_used_again()
    {
        await using var server = await RedisServer.StartAsync();
        await using var harness = CacheHarness.OverRedis(server.CreateOptions(), options => options.CacheProbeInterval = TimeSpan.FromMilliseconds(100));
        var cache = harness.Cache;
        await cache.SetAsync("before", s_answer, s_ttl, Cancellation).DefaultTimeout();
        Assert.Equal(s_answer, await cache.GetAsync("before", Cancellation).DefaultTimeout());

        server.Freeze();
        try
        {
            await AsyncTestHelpers.WaitUntilAsync(async () =>
            {
                await cache.GetAsync("before", Cancellation).DefaultTimeout();
                return harness.Circuit.IsOpen;
            });

            for (var i = 0; i < 20; i++)
            {
                var get = cache.GetAsync("before", Cancellation);
                var set = cache.SetAsync($"while-frozen-{i}", s_answer, s_ttl, Cancellation);

                Assert.True(get.IsCompletedSuccessfully, "A read waited on the frozen Redis.");
                Assert.True(set.IsCompletedSuccessfully, "A write waited on the frozen Redis.");
                Assert.Null(await get);
            }

            var health = harness.CheckHealthAsync();
            Assert.True(health.IsCompleted, "The health check waited on the frozen Redis.");
            Assert.Equal(HealthStatus.Degraded, (await health).Status);
        }
        finally
        {
            server.Thaw();
        }

        await AsyncTestHelpers.WaitUntilAsync(() => !harness.Circuit.IsOpen);
        await cache.SetAsync("after", s_answer, s_ttl, Cancellation).DefaultTimeout();

        Assert.Equal(s_answer, await cache.GetAsync("after", Cancellation).DefaultTimeout());
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.CreateOptions()).DefaultTimeout();
        Assert.False((await redis.GetDatabase().StringGetAsync("after").DefaultTimeout()).IsNull);
        Assert.Equal(HealthStatus.Healthy, (await harness.CheckHealthAsync().DefaultTimeout()).Status);
    }
}
