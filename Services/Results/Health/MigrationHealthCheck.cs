using AiMesh.Results.Storage.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Results.Health;

/// <summary>Unhealthy until the database schema is current, so nothing waits on a service that cannot store yet.</summary>
internal sealed class MigrationHealthCheck(MigrationState state) : IHealthCheck
{
    public const string Name = "results-migrations";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state switch
        {
            { IsCompleted: true } => HealthCheckResult.Healthy("The database schema is current."),
            { FailedAttempts: 0 } => HealthCheckResult.Unhealthy("Migrating the database."),
            _ => HealthCheckResult.Unhealthy($"Cannot migrate the database yet ({state.FailedAttempts} failed attempt(s)): {state.LastError}"),
        });
}
