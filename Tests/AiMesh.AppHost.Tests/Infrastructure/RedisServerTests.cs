using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace AiMesh.AppHost.Tests.Infrastructure;

/// <summary>The local redis-server resource: Aspire's connection string, a real PING, and a required password.</summary>
public sealed class RedisServerTests
{
    [Fact]
    public async Task Redis_starts_healthy_and_answers_a_PING_with_its_password()
    {
        await using var redis = await LocalInfrastructureApp.StartAsync(builder => builder.AddRedisServer("redis"));
        await redis.WaitHealthyAsync("redis");

        var connectionString = await redis.ConnectionStringAsync("redis");
        Assert.Matches("^localhost:[0-9]+,password=[A-Za-z0-9]{22}$", connectionString);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString).DefaultTimeout();
        await connection.GetDatabase().PingAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Redis_refuses_a_command_without_the_password()
    {
        await using var redis = await LocalInfrastructureApp.StartAsync(builder => builder.AddRedisServer("redis"));
        await redis.WaitHealthyAsync("redis");
        var endpoint = ConfigurationOptions.Parse(await redis.ConnectionStringAsync("redis")).EndPoints.Single();
        var port = ((System.Net.DnsEndPoint)endpoint).Port;

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken).DefaultTimeout();
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken).AsTask().DefaultTimeout();

        Assert.StartsWith("-NOAUTH", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_keeps_its_password_off_the_command_line_in_an_owner_only_file()
    {
        await using var redis = await LocalInfrastructureApp.StartAsync(builder => builder.AddRedisServer("redis"));
        await redis.WaitHealthyAsync("redis");
        var password = ConfigurationOptions.Parse(await redis.ConnectionStringAsync("redis")).Password!;

        var commandLine = await File.ReadAllTextAsync($"/proc/{redis.ProcessId("redis")}/cmdline", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(password, commandLine, StringComparison.Ordinal);
        var configuration = Path.Combine(redis.StateDirectory, "redis", "redis.conf");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configuration));
    }
}
