using AiMesh.Shared;
using Npgsql;

namespace AiMesh.AppHost.Tests.Infrastructure;

/// <summary>What happens to the local PostgreSQL across starts and stops.</summary>
public sealed class PostgresLifetimeTests
{
    [Fact]
    public async Task Stopping_the_app_leaves_no_postgres_process()
    {
        var app = await LocalInfrastructureApp.StartAsync(builder => builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh"));
        List<(int Pid, ProcessStat Stat)> server;
        try
        {
            await app.WaitHealthyAsync("aimesh");
            // The postmaster and the processes it started (checkpointer, writers, backends); a short-lived
            // backend may be gone between listing it and reading it, and then it is no leftover.
            var postmaster = app.ProcessId("postgres");
            server = [.. new[] { postmaster }.Concat(ProcessTable.ChildrenOf(postmaster))
                .Select(pid => (Pid: pid, Stat: ProcessStat.TryRead(pid)))
                .Where(process => process.Stat is not null)
                .Select(process => (process.Pid, process.Stat!.Value))];
        }
        finally
        {
            await app.DisposeAsync();
        }

        // Checked by pid and start time, so a reused pid does not count.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.Any(IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(server, IsAlive);
    }

    private static bool IsAlive((int Pid, ProcessStat Stat) process) =>
        ProcessStat.TryRead(process.Pid) is { IsRunning: true } now && now.StartTime == process.Stat.StartTime;

    [Fact]
    public async Task A_changed_password_parameter_is_set_on_the_existing_data_directory()
    {
        var stateDirectory = Directory.CreateTempSubdirectory("aimesh-apphost-test-").FullName;
        var first = await LocalInfrastructureApp.StartAsync(
            builder => builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh"),
            stateDirectory,
            new Dictionary<string, string?> { ["Parameters:postgres-password"] = "first-Password-1" });
        await first.WaitHealthyAsync("aimesh");
        await first.StopKeepingStateAsync();

        await using var second = await LocalInfrastructureApp.StartAsync(
            builder => builder.AddPostgresDatabase(serverName: "postgres", databaseName: "aimesh"),
            stateDirectory,
            new Dictionary<string, string?> { ["Parameters:postgres-password"] = "second-Password-2" });
        await second.WaitHealthyAsync("aimesh");

        var connectionString = await second.ConnectionStringAsync("aimesh");
        Assert.Contains("Password=second-Password-2", connectionString, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken).DefaultTimeout();
    }
}
