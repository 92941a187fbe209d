using System.Globalization;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Lifecycles;
using AiMesh.Hosting.Orchestration.Processes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AiMesh.Hosting.Infrastructure.Postgres;

/// <summary>
/// Initialises a data directory in the state directory once, then runs the server on the allocated
/// loopback port. Local socket connections are trusted so the AppHost can keep the password in step
/// with its parameter; TCP connections need the password.
/// </summary>
internal sealed class PostgresServerLifecycle(PostgresServerResource server) : ResourceLifecycle(server)
{
    public override string Kind => "Postgres";

    private static string DataDirectory(LifecycleContext context) => Path.Combine(context.StateDirectory, "data");

    private static string SocketDirectory(LifecycleContext context) => Path.Combine(context.StateDirectory, "run");

    public override async Task PrepareAsync(LifecycleContext context, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(context.StateDirectory);
        // The postgres user must be able to reach its directories through the state directory.
        File.SetUnixFileMode(context.StateDirectory, (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(SocketDirectory(context));
        await PostgresInstallation.TakeOwnershipAsync(SocketDirectory(context), context, cancellationToken).ConfigureAwait(false);

        var data = DataDirectory(context);
        if (File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            return;
        }

        context.Log($"Initialising a PostgreSQL data directory in {data}");
        Directory.CreateDirectory(data);
        await PostgresInstallation.TakeOwnershipAsync(data, context, cancellationToken).ConfigureAwait(false);
        var user = await server.UserName.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var (fileName, args) = PostgresInstallation.Command("initdb",
            ["-D", data, "-U", user!, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await CommandRunner.RunAsync(fileName, args, context, cancellationToken).ConfigureAwait(false);
    }

    public override Task<ProcessSpec> CreateProcessSpecAsync(ReplicaInfo replica, LifecycleContext context, CancellationToken cancellationToken)
    {
        var port = server.PrimaryEndpoint.Allocated.Port.ToString(CultureInfo.InvariantCulture);
        var (fileName, args) = PostgresInstallation.Command("postgres",
        [
            "-D", DataDirectory(context), "-p", port,
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={SocketDirectory(context)}",
            "-c", "max_connections=200",
        ]);
        // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to disconnect.
        return Task.FromResult(new ProcessSpec(fileName, args, ProcessEnvironment.Inherited(), context.StateDirectory) { StopSignal = UnixSignal.Int });
    }

    public override async Task OnProcessStartedAsync(ReplicaInfo replica, RunningProcess process, LifecycleContext context, CancellationToken cancellationToken)
    {
        var user = await server.UserName.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var password = await server.Password.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var socket = new NpgsqlConnectionStringBuilder
        {
            Host = SocketDirectory(context),
            Port = server.PrimaryEndpoint.Allocated.Port,
            Username = user,
            Database = "postgres",
            Pooling = false,
            Timeout = 3,
        }.ConnectionString;

        // The password parameter may have changed since initdb (new secrets store, new machine): set it on every start.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(socket);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand($"ALTER ROLE \"{user!.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH PASSWORD '{password!.Replace("'", "''", StringComparison.Ordinal)}'", connection);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException && DateTime.UtcNow < deadline && !process.Exited.IsCompleted)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task<HealthCheckResult> CheckHealthAsync(ReplicaInfo replica, CancellationToken cancellationToken) =>
        PostgresHealth.CheckAsync(server.GetConnectionStringExpression(), "postgres", cancellationToken);
}
