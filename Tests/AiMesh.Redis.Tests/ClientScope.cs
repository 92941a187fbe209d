using AiMesh.Tests.Redis;

namespace AiMesh.Redis.Tests;

/// <summary>
/// Base for tests that open clients or start their own servers: every client, then every
/// server, is disposed after the test, under a timeout, whether the test passed or not.
/// </summary>
public abstract class ClientScope : IAsyncDisposable
{
    private readonly List<RedisClient> _clients = [];
    private readonly List<RedisServer> _servers = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().DefaultTimeout();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync().DefaultTimeout();
        }

        GC.SuppressFinalize(this);
    }

    internal RedisClient Open(RedisConnectionOptions options)
    {
        var client = new RedisClient(options);
        _clients.Add(client);
        return client;
    }

    /// <summary>A server of the test's own, for tests that kill or restart it.</summary>
    internal async Task<RedisServer> StartServerAsync(string? password = "test-password", params string[] extraArgs)
    {
        var server = await RedisServer.StartAsync(password, extraArgs).DefaultTimeout();
        _servers.Add(server);
        return server;
    }

    protected static string UniqueKey(string name) => $"{name}:{Guid.NewGuid():N}";
}
