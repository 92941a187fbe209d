using AiMesh.Results.Consuming;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Health;

/// <summary>
/// Healthy while the consume loop runs and keeps polling; degraded while it waits for the database
/// (it is alive, and the batch in hand will be stored) or while most messages are being dead-lettered;
/// unhealthy when it has stopped or has gone quiet for longer than
/// <see cref="ResultsOptions.ConsumerStallTimeout"/> (it polls once per batch, and a batch takes well
/// under a second unless the database is away, when each retry is a sign of life).
/// </summary>
/// <remarks>
/// Before its first poll the loop is only degraded: it starts once the schema is current, and until then
/// <see cref="MigrationHealthCheck"/> keeps the service unhealthy and says why. Reported unhealthy, that
/// moment between the migration and the first poll, which the AppHost's first probes often meet, showed
/// as an error in the dashboard after a normal start.
/// </remarks>
internal sealed class ConsumerHealthCheck(ConsumerStatus status, IOptions<ResultsOptions> options) : IHealthCheck
{
    public const string Name = "results-consumer";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stallTimeout = options.Value.ConsumerStallTimeout;
        var since = status.SinceLastSignOfLife;
        return Task.FromResult(status switch
        {
            { IsStopped: true } => HealthCheckResult.Unhealthy("The consume loop has stopped."),
            { HasStarted: false } => HealthCheckResult.Degraded("The consume loop starts once the database schema is current."),
            _ when since > stallTimeout => HealthCheckResult.Unhealthy($"The consume loop has shown no sign of life for {since.TotalSeconds:0} s."),
            { WaitingForDatabase: { } reason } => HealthCheckResult.Degraded($"The consume loop is waiting for the database: {reason}"),
            _ when status.DeadLetterProblem() is { } problem => HealthCheckResult.Degraded(problem),
            _ => HealthCheckResult.Healthy("The consume loop is polling Kafka."),
        });
    }
}
