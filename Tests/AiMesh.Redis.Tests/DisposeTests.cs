namespace AiMesh.Redis.Tests;

public sealed class DisposeTests(RedisServerFixture fixture) : ClientScope, IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Disposing_fails_commands_still_waiting_with_RedisConnectionException()
    {
        var client = Open(fixture.Server.CreateOptions(commandTimeout: TimeSpan.FromSeconds(30)));
        var blocked = client.ExecuteAsync("BLPOP", [UniqueKey("never-pushed"), 0], Ct);
        await AsyncTestHelpers.WaitUntilAsync(() => client.AwaitingReplyCount == 1).DefaultTimeout();

        await client.DisposeAsync().DefaultTimeout();

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => blocked).DefaultTimeout();
        Assert.Contains("disposed", ex.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Disposing_closes_the_socket()
    {
        var client = Open(fixture.Server.CreateOptions());
        var admin = Open(fixture.Server.CreateOptions());
        var id = (await client.ExecuteAsync("CLIENT", ["ID"], Ct).DefaultTimeout()).AsInt64();

        await client.DisposeAsync().DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(async () =>
            (await admin.ExecuteAsync("CLIENT", ["LIST", "ID", id], Ct).DefaultTimeout()).AsString()!.Length == 0).DefaultTimeout();
    }

    [Fact]
    public async Task Commands_after_dispose_throw_ObjectDisposedException()
    {
        var client = Open(fixture.Server.CreateOptions());
        await client.PingAsync(Ct).DefaultTimeout();

        await client.DisposeAsync().DefaultTimeout();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetStringAsync("k", Ct)).DefaultTimeout();
    }

    [Fact]
    public async Task Disposing_twice_or_before_connecting_is_harmless()
    {
        var client = Open(fixture.Server.CreateOptions());

        await client.DisposeAsync().DefaultTimeout();
        await client.DisposeAsync().DefaultTimeout();

        Assert.False(client.IsConnected);
    }
}
