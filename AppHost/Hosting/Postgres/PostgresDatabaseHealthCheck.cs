using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>Healthy once the database exists and a query answers with its connection string.</summary>
internal sealed class PostgresDatabaseHealthCheck(PostgresDatabaseResource database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        PostgresQuery.SelectOneAsync(database.ConnectionStringExpression, null, cancellationToken);
}
