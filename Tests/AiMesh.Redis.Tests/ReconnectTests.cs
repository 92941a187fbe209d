namespace AiMesh.Redis.Tests;

public sealed class ReconnectTests : ClientScope
{
    [Fact]
    public async Task A_server_restart_fails_in_flight_commands_and_a_later_command_reconnects()
    {
        var server = await StartServerAsync();
        var client = Open(server.CreateOptions(commandTimeout: TimeSpan.FromSeconds(30)));
        var key = UniqueKey("restart");
        await client.SetAsync(key, "before", cancellationToken: Ct).DefaultTimeout();

        // BLPOP holds the connection, so everything queued behind it is sent but unanswered.
        var blocked = client.ExecuteAsync("BLPOP", [UniqueKey("never-pushed"), 0], Ct);
        var inFlight = Enumerable.Range(0, 50).Select(_ => client.GetStringAsync(key, Ct)).ToArray();
        await AsyncTestHelpers.WaitUntilAsync(() => client.AwaitingReplyCount == 51).DefaultTimeout();

        await server.KillAsync().DefaultTimeout();

        var blockedFailure = await Assert.ThrowsAsync<RedisConnectionException>(() => blocked).DefaultTimeout();
        Assert.Contains("may or may not have run", blockedFailure.Message, StringComparison.Ordinal);
        foreach (var get in inFlight)
        {
            await Assert.ThrowsAsync<RedisConnectionException>(() => get).DefaultTimeout();
        }

        Assert.False(client.IsConnected);

        // While the server is down, a command fails fast rather than waiting for it.
        await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync(Ct)).DefaultTimeout();

        await server.StartAgainAsync().DefaultTimeout();

        // The server keeps nothing on disk, so the old value is gone; the new connection works.
        Assert.Null(await client.GetStringAsync(key, Ct).DefaultTimeout());
        await client.SetAsync(key, "after", cancellationToken: Ct).DefaultTimeout();
        Assert.Equal("after", await client.GetStringAsync(key, Ct).DefaultTimeout());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task An_idle_connection_the_server_closed_is_replaced_on_the_next_command()
    {
        var server = await StartServerAsync();
        var client = Open(server.CreateOptions());
        var admin = Open(server.CreateOptions());
        var id = (await client.ExecuteAsync("CLIENT", ["ID"], Ct).DefaultTimeout()).AsInt64();

        await admin.ExecuteAsync("CLIENT", ["KILL", "ID", id], Ct).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => !client.IsConnected).DefaultTimeout();

        var newId = (await client.ExecuteAsync("CLIENT", ["ID"], Ct).DefaultTimeout()).AsInt64();
        Assert.NotEqual(id, newId);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task A_burst_of_commands_after_an_outage_shares_one_new_connection()
    {
        var server = await StartServerAsync();
        var client = Open(server.CreateOptions());
        var admin = Open(server.CreateOptions());
        await client.PingAsync(Ct).DefaultTimeout();
        await admin.ExecuteAsync("CLIENT", ["KILL", "TYPE", "normal", "SKIPME", "yes"], Ct).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => !client.IsConnected).DefaultTimeout();

        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.ExecuteAsync("CLIENT", ["ID"], Ct))).DefaultTimeout();

        Assert.Single(ids.Select(id => id.AsInt64()).Distinct());
    }
}
