using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>Healthy once this start's password is set and a query answers with the server's connection string.</summary>
internal sealed class PostgresServerHealthCheck(PostgresServerResource server, PostgresPasswordSync passwordSync) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await passwordSync.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy($"Setting the password through the socket failed: {e.Message}", e);
        }

        return await PostgresQuery.SelectOneAsync(server.ConnectionStringExpression, "postgres", cancellationToken).ConfigureAwait(false);
    }
}
