using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiMesh.Redis.Tests;

public sealed class ConnectTimeoutTests : ClientScope
{
    [Fact]
    public async Task Nothing_listening_on_the_port_fails_with_RedisConnectionException_within_ConnectTimeout()
    {
        var port = Ports.Free();
        var client = Open(new RedisConnectionOptions { Host = "127.0.0.1", Port = port, ConnectTimeout = TimeSpan.FromSeconds(2) });
        var started = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync(Ct)).DefaultTimeout();

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"Took {started.Elapsed}.");
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_fails_the_connect_within_ConnectTimeout()
    {
        // The kernel completes the TCP handshake for a listener that never accepts, so only AUTH hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var client = Open(new RedisConnectionOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Password = "pw",
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            CommandTimeout = TimeSpan.FromSeconds(20),
        });
        var started = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RedisConnectionException>(() => client.PingAsync(Ct)).DefaultTimeout();

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(3));
        Assert.Contains("ConnectTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_that_never_comes_fails_with_RedisTimeoutException_within_CommandTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var client = Open(new RedisConnectionOptions
        {
            Host = "127.0.0.1",
            Port = port,
            CommandTimeout = TimeSpan.FromMilliseconds(300),
        });
        var started = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RedisTimeoutException>(() => client.GetStringAsync("k", Ct)).DefaultTimeout();

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.Contains("GET", ex.Message, StringComparison.Ordinal);
        Assert.True(client.IsConnected);
    }
}
