namespace AiMesh.Redis.Tests;

public sealed class CancellationTests(RedisServerFixture fixture) : ClientScope, IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Cancelling_one_of_many_in_flight_gets_leaves_every_other_caller_its_own_value()
    {
        var client = Open(fixture.Server.CreateOptions(commandTimeout: TimeSpan.FromSeconds(30)));
        var other = Open(fixture.Server.CreateOptions());
        var prefix = UniqueKey("own");
        var gate = UniqueKey("gate");
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => client.SetAsync($"{prefix}:{i}", $"value-{i}", cancellationToken: Ct))).DefaultTimeout();

        // BLPOP holds the connection, so the GETs behind it are sent and wait for replies.
        var blocked = client.ExecuteAsync("BLPOP", [gate, 0], Ct);
        await AsyncTestHelpers.WaitUntilAsync(() => client.AwaitingReplyCount == 1).DefaultTimeout();
        using var cancelOne = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var gets = Enumerable.Range(0, 100)
            .Select(i => client.GetStringAsync($"{prefix}:{i}", i == 50 ? cancelOne.Token : Ct))
            .ToArray();
        await AsyncTestHelpers.WaitUntilAsync(() => client.AwaitingReplyCount == 101).DefaultTimeout();

        await cancelOne.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gets[50]).DefaultTimeout();
        await other.ExecuteAsync("LPUSH", [gate, "go"], Ct).DefaultTimeout();

        Assert.Equal([gate, "go"], (await blocked.DefaultTimeout()).AsArray()!.Select(r => r.AsString()));
        for (var i = 0; i < gets.Length; i++)
        {
            if (i != 50)
            {
                Assert.Equal($"value-{i}", await gets[i].DefaultTimeout());
            }
        }

        // The cancelled GET's reply was read and dropped, so the next command is not one reply behind.
        Assert.Equal("value-51", await client.GetStringAsync($"{prefix}:51", Ct).DefaultTimeout());
        Assert.Equal(0, client.AwaitingReplyCount);
    }

    [Fact]
    public async Task A_command_cancelled_before_it_is_sent_is_never_sent()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("never-sent");
        await client.PingAsync(Ct).DefaultTimeout();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.IncrementAsync(key, cancelled.Token)).DefaultTimeout();

        Assert.Equal(1, await client.IncrementAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task A_timed_out_command_has_its_late_reply_dropped_in_order()
    {
        var client = Open(fixture.Server.CreateOptions(commandTimeout: TimeSpan.FromMilliseconds(300)));
        var other = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("after-timeout");
        var gate = UniqueKey("gate");
        await client.SetAsync(key, "mine", cancellationToken: Ct).DefaultTimeout();

        await Assert.ThrowsAsync<RedisTimeoutException>(() => client.ExecuteAsync("BLPOP", [gate, 0], Ct)).DefaultTimeout();
        await other.ExecuteAsync("LPUSH", [gate, "late"], Ct).DefaultTimeout();

        Assert.Equal("mine", await client.GetStringAsync(key, Ct).DefaultTimeout());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_for_the_connect_does_not_stop_it_for_others()
    {
        var client = Open(fixture.Server.CreateOptions());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PingAsync(cancelled.Token)).DefaultTimeout();

        await client.PingAsync(Ct).DefaultTimeout();
        Assert.True(client.IsConnected);
    }
}
