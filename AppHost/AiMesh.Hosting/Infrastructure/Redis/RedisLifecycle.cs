using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Lifecycles;
using AiMesh.Hosting.Orchestration.Processes;
using AiMesh.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Hosting.Infrastructure.Redis;

/// <summary>Runs Debian's redis-server on the allocated loopback port; healthy when PING answers.</summary>
internal sealed class RedisLifecycle(RedisResource redis) : ResourceLifecycle(redis)
{
    private RedisClient? _client;

    public override string Kind => "Redis";

    public override async Task<ProcessSpec> CreateProcessSpecAsync(ReplicaInfo replica, LifecycleContext context, CancellationToken cancellationToken)
    {
        var serverPath = ExecutableLocator.Find("redis-server", "/usr/bin/redis-server")
            ?? throw new DistributedApplicationException("redis-server is not installed: run the README's command, or `apt-get install redis-server`.");

        // The password goes in a config file only we can read, not on a command line anyone can see.
        Directory.CreateDirectory(context.StateDirectory);
        var configPath = Path.Combine(context.StateDirectory, "redis.conf");
        var endpoint = redis.PrimaryEndpoint.Allocated;
        var password = await redis.Password.GetValueAsync(cancellationToken).ConfigureAwait(false);
        await File.WriteAllLinesAsync(configPath,
        [
            $"port {endpoint.Port}",
            "bind 127.0.0.1",
            $"requirepass \"{password}\"",
            "save \"\"",
            "appendonly no",
            $"dir \"{context.StateDirectory}\"",
            "daemonize no",
            "loglevel notice",
        ], cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(configPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        return new ProcessSpec(serverPath, [configPath], ProcessEnvironment.Inherited(), context.StateDirectory);
    }

    public override async Task<HealthCheckResult> CheckHealthAsync(ReplicaInfo replica, CancellationToken cancellationToken)
    {
        try
        {
            _client ??= new RedisClient(RedisConnectionOptions.Parse(
                await redis.GetConnectionStringExpression().GetValueAsync(cancellationToken).ConfigureAwait(false) ?? ""));
            var roundTrip = await _client.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {roundTrip.TotalMilliseconds:0.0} ms.");
        }
        catch (RedisException e)
        {
            return HealthCheckResult.Unhealthy($"PING failed: {e.Message}");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
