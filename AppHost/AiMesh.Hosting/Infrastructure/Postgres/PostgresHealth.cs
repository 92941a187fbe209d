using AiMesh.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AiMesh.Hosting.Infrastructure.Postgres;

/// <summary>SELECT 1 over TCP with the connection string clients get: proves address, password and database.</summary>
internal static class PostgresHealth
{
    public static async Task<HealthCheckResult> CheckAsync(ReferenceExpression connectionString, string? defaultDatabase, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(await connectionString.GetValueAsync(cancellationToken).ConfigureAwait(false))
            {
                Pooling = false,
                Timeout = 3,
            };
            if (string.IsNullOrEmpty(builder.Database) && defaultDatabase is not null)
            {
                builder.Database = defaultDatabase;
            }

            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"SELECT 1 on {builder.Database} answered.");
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"SELECT 1 failed: {e.Message}");
        }
    }
}
