using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>SELECT 1 over TCP with the connection string clients get: proves address, password and database.</summary>
internal static class PostgresQuery
{
    public static async Task<HealthCheckResult> SelectOneAsync(ReferenceExpression connectionString, string? database, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(await connectionString.GetValueAsync(cancellationToken).ConfigureAwait(false))
            {
                Pooling = false,
                Timeout = 3,
            };
            // Npgsql would otherwise pick a database named after the user.
            builder.Database ??= database;

            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"SELECT 1 on {builder.Database} answered.");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"SELECT 1 failed: {e.Message}", e);
        }
    }
}
