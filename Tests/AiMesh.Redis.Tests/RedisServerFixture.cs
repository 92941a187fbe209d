using AiMesh.Tests.Redis;

namespace AiMesh.Redis.Tests;

/// <summary>One password-protected redis-server shared by the tests of a class that do not restart it.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    internal RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async ValueTask InitializeAsync() =>
        _server = await RedisServer.StartAsync("fixture-password").DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().DefaultTimeout();
        }
    }
}
