using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Lifecycles;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AiMesh.Hosting.Infrastructure.Postgres;

/// <summary>Creates the database on its server when missing (as Aspire 9.2+ does); healthy on SELECT 1.</summary>
internal sealed class PostgresDatabaseLifecycle(PostgresDatabaseResource database) : ResourceLifecycle(database)
{
    public override string Kind => "PostgresDatabase";

    public override bool RunsProcesses => false;

    public override IEnumerable<IResource> ImplicitDependencies => [database.Parent];

    public override async Task ActivateAsync(LifecycleContext context, CancellationToken cancellationToken)
    {
        if (database.IsExternal())
        {
            return;
        }

        var serverConnection = new NpgsqlConnectionStringBuilder(
            await database.Parent.GetConnectionStringExpression().GetValueAsync(cancellationToken).ConfigureAwait(false))
        {
            Database = "postgres",
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(serverConnection.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database.DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        context.Log($"Creating database \"{database.DatabaseName}\"");
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override Task<HealthCheckResult> CheckHealthAsync(ReplicaInfo replica, CancellationToken cancellationToken) =>
        PostgresHealth.CheckAsync(database.GetConnectionStringExpression(), null, cancellationToken);
}
