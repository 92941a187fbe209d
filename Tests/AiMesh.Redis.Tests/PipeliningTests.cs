namespace AiMesh.Redis.Tests;

public sealed class PipeliningTests(RedisServerFixture fixture) : ClientScope, IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Ten_thousand_concurrent_increments_count_to_exactly_ten_thousand()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("pipelined");

        var results = await Task.WhenAll(Enumerable.Range(0, 10_000).Select(_ => client.IncrementAsync(key, Ct))).DefaultTimeout();

        // Each caller got the reply to its own INCR: every value from 1 to 10,000 exactly once.
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), results.Order());
        Assert.Equal("10000", await client.GetStringAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Callers_on_many_threads_each_get_their_own_value()
    {
        var client = Open(fixture.Server.CreateOptions());
        var prefix = UniqueKey("own");
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => client.SetAsync($"{prefix}:{i}", $"value-{i}", cancellationToken: Ct))).DefaultTimeout();

        var reads = Enumerable.Range(0, 5_000).Select(n => Task.Run(
            async () =>
            {
                var i = n % 500;
                return (Expected: $"value-{i}", Actual: await client.GetStringAsync($"{prefix}:{i}", Ct));
            },
            Ct));
        var results = await Task.WhenAll(reads).DefaultTimeout();

        Assert.All(results, r => Assert.Equal(r.Expected, r.Actual));
    }
}
