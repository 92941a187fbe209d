namespace AiMesh.Redis.Tests;

public sealed class RedisClientCommandTests(RedisServerFixture fixture) : ClientScope, IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task The_client_connects_lazily_on_the_first_command()
    {
        var client = Open(fixture.Server.CreateOptions());
        Assert.False(client.IsConnected);

        await client.PingAsync(Ct).DefaultTimeout();

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Ping_returns_a_positive_round_trip()
    {
        var client = Open(fixture.Server.CreateOptions());

        var roundTrip = await client.PingAsync(Ct).DefaultTimeout();

        Assert.InRange(roundTrip, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_value_set_with_an_expiry_reports_a_time_to_live_no_longer_than_the_expiry()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("ttl");

        await client.SetAsync(key, "v", TimeSpan.FromSeconds(30), Ct).DefaultTimeout();
        var ttl = await client.GetTimeToLiveAsync(key, Ct).DefaultTimeout();

        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.Equal("v", await client.GetStringAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task A_value_with_a_short_expiry_disappears()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("expiring");

        await client.SetAsync(key, "v", TimeSpan.FromMilliseconds(50), Ct).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(
            async () => await client.GetStringAsync(key, Ct).DefaultTimeout() is null,
            TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_key_without_expiry_or_a_missing_key_has_no_time_to_live()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("persistent");
        await client.SetAsync(key, "v", cancellationToken: Ct).DefaultTimeout();

        Assert.Null(await client.GetTimeToLiveAsync(key, Ct).DefaultTimeout());
        Assert.Null(await client.GetTimeToLiveAsync(UniqueKey("missing"), Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Getting_a_missing_key_returns_null()
    {
        var client = Open(fixture.Server.CreateOptions());

        Assert.Null(await client.GetStringAsync(UniqueKey("missing"), Ct).DefaultTimeout());
        Assert.Null(await client.GetBytesAsync(UniqueKey("missing"), Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Binary_values_round_trip_byte_for_byte()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("binary");
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).Concat("\r\n$-1\r\n*0\r\n"u8.ToArray()).ToArray();

        await client.SetAsync(key, value, cancellationToken: Ct).DefaultTimeout();

        Assert.Equal(value, await client.GetBytesAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task An_empty_value_is_not_the_same_as_a_missing_one()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("empty");

        await client.SetAsync(key, ReadOnlyMemory<byte>.Empty, cancellationToken: Ct).DefaultTimeout();

        var value = await client.GetBytesAsync(key, Ct).DefaultTimeout();

        Assert.NotNull(value);
        Assert.Empty(value);
    }

    [Fact]
    public async Task A_four_megabyte_value_round_trips_across_many_reads_and_writes()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("large");
        var value = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(value);

        await client.SetAsync(key, value, cancellationToken: Ct).DefaultTimeout();

        Assert.Equal(value, await client.GetBytesAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Unicode_text_round_trips()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("unicode-ключ-😀");

        await client.SetAsync(key, "héllo wörld 😀 日本", cancellationToken: Ct).DefaultTimeout();

        Assert.Equal("héllo wörld 😀 日本", await client.GetStringAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Delete_reports_whether_the_key_existed()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("delete");
        await client.SetAsync(key, "v", cancellationToken: Ct).DefaultTimeout();

        Assert.True(await client.DeleteAsync(key, Ct).DefaultTimeout());
        Assert.False(await client.DeleteAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Increment_counts_from_zero()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("counter");

        Assert.Equal(1, await client.IncrementAsync(key, Ct).DefaultTimeout());
        Assert.Equal(2, await client.IncrementAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task An_error_reply_throws_the_server_text_and_leaves_the_connection_usable()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("not-a-number");
        await client.SetAsync(key, "abc", cancellationToken: Ct).DefaultTimeout();

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => client.IncrementAsync(key, Ct)).DefaultTimeout();

        Assert.Equal("ERR value is not an integer or out of range", ex.Message);
        Assert.Equal("INCR", ex.Command);
        Assert.Equal("ERR", ex.ErrorKind);
        Assert.True(client.IsConnected);
        Assert.Equal("abc", await client.GetStringAsync(key, Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Any_command_can_be_sent_and_its_array_reply_read()
    {
        var client = Open(fixture.Server.CreateOptions());
        var key = UniqueKey("hash");

        var added = await client.ExecuteAsync("HSET", [key, "name", "Ada", "born", 1815], Ct).DefaultTimeout();
        var all = await client.ExecuteAsync("HGETALL", [key], Ct).DefaultTimeout();

        Assert.Equal(2, added.AsInt64());
        var fields = all.AsArray()!.Select(r => r.AsString()).Chunk(2).ToDictionary(pair => pair[0]!, pair => pair[1]);
        Assert.Equal(new Dictionary<string, string?> { ["name"] = "Ada", ["born"] = "1815" }, fields);
    }

    [Fact]
    public async Task Errors_nested_in_an_array_reply_stay_values()
    {
        var client = Open(fixture.Server.CreateOptions());

        var reply = await client.ExecuteAsync("EVAL", ["return {1, redis.error_reply('MYERR boom'), 'text'}", 0], Ct).DefaultTimeout();

        Assert.Equal(
            new RedisReply.Array(new RedisReply.Integer(1), new RedisReply.Error("MYERR boom"), new RedisReply.BulkString("text")),
            reply);
    }

    [Theory]
    [InlineData("SELECT", "1")]
    [InlineData("select", "1")]
    [InlineData("MULTI")]
    [InlineData("WATCH", "k")]
    [InlineData("SUBSCRIBE", "channel")]
    [InlineData("MONITOR")]
    [InlineData("HELLO", "3")]
    [InlineData("AUTH", "pw")]
    [InlineData("CLIENT", "REPLY", "OFF")]
    public async Task Commands_that_would_change_the_shared_connection_are_refused_before_sending(string command, params string[] args)
    {
        var client = Open(fixture.Server.CreateOptions());

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => client.ExecuteAsync(command, args, Ct)).DefaultTimeout();

        Assert.Contains("shares one connection", ex.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_bad_argument_is_refused_without_touching_the_connection()
    {
        var client = Open(fixture.Server.CreateOptions());

        await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync("SET", ["k", new object()], Ct)).DefaultTimeout();

        Assert.False(client.IsConnected);
    }
}
