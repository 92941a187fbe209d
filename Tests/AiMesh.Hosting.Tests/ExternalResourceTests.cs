using System.Net.Http.Json;
using AiMesh.Hosting.Orchestration;
using AiMesh.Hosting.Testing;
using AiMesh.Redis;

namespace AiMesh.Hosting.Tests;

/// <summary>A configured connection string points a resource at an existing server: nothing starts for it.</summary>
public sealed class ExternalResourceTests
{
    [Fact]
    public async Task A_configured_connection_string_is_used_and_no_local_server_starts()
    {
        // The "existing" server: a Redis another application runs.
        var serverBuilder = DistributedApplicationTestingBuilder.Create();
        serverBuilder.AddRedis("cache");
        await using var server = await serverBuilder.BuildAsync().DefaultTimeout();
        await server.StartAsync().DefaultTimeout();
        await server.WaitForHealthyAsync("cache").DefaultTimeout();
        var existing = (await server.GetConnectionStringAsync("cache").DefaultTimeout())!;

        var builder = DistributedApplicationTestingBuilder.Create($"--ConnectionStrings:redis={existing}");
        var redis = builder.AddRedis("redis");
        builder.AddProject<Projects.AiMesh_TestApps_Echo>("echo").WithHttpHealthCheck("/health").WithReference(redis).WaitFor(redis);
        await using var app = await builder.BuildAsync().DefaultTimeout();
        await app.StartAsync().DefaultTimeout();
        await app.WaitForHealthyAsync("echo").DefaultTimeout();

        var snapshot = app.ResourceNotifications.GetSnapshot("redis")!;
        Assert.True(snapshot.IsExternal);
        Assert.Empty(snapshot.Replicas);
        Assert.Equal(ResourceState.Healthy, snapshot.State);
        Assert.Equal(existing, await app.GetConnectionStringAsync("redis").DefaultTimeout());

        using var client = app.CreateHttpClient("echo");
        var environment = await client.GetFromJsonAsync<Dictionary<string, string>>("/env").DefaultTimeout();
        Assert.Equal(existing, environment!["ConnectionStrings__redis"]);
        Assert.False(environment.ContainsKey("REDIS_PASSWORD"));

        // Both applications talk to the one server.
        await using var viaServer = new RedisClient(RedisConnectionOptions.Parse(existing));
        await viaServer.SetAsync("external-test", "shared").DefaultTimeout();
        await using var viaApp = new RedisClient(RedisConnectionOptions.Parse((await app.GetConnectionStringAsync("redis").DefaultTimeout())!));
        Assert.Equal("shared", await viaApp.GetStringAsync("external-test").DefaultTimeout());
    }

    [Fact]
    public async Task A_resource_waiting_for_one_that_failed_to_start_fails_too_and_says_why()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var broken = builder.AddExecutable("broken", "/nonexistent/program", ".");
        builder.AddProject<Projects.AiMesh_TestApps_Echo>("echo").WaitFor(broken);
        await using var app = await builder.BuildAsync().DefaultTimeout();
        await app.StartAsync().DefaultTimeout();

        var brokenState = await app.ResourceNotifications.WaitForResourceAsync("broken", ResourceState.FailedToStart).DefaultTimeout();
        var echo = await app.ResourceNotifications.WaitForResourceAsync("echo", ResourceState.FailedToStart).DefaultTimeout();

        Assert.Contains("/nonexistent/program", string.Join('\n', app.ResourceLogs.GetRecent("broken").Select(l => l.Text)), StringComparison.Ordinal);
        Assert.NotNull(brokenState.Replicas.Single().Message);
        Assert.Contains("'broken'", echo.Message, StringComparison.Ordinal);
        Assert.All(echo.Replicas, r => Assert.Null(r.Pid));
        await Assert.ThrowsAsync<DistributedApplicationException>(() => app.ResourceNotifications.WaitForResourceHealthyAsync("echo")).DefaultTimeout();
    }
}
