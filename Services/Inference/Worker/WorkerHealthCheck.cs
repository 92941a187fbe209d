using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Inference.Worker;

/// <summary>
/// Unhealthy when the consume loop is not running because it died (or has ended). Partition assignment
/// is deliberately not part of it: a replica with no partitions (more replicas than partitions, or a
/// rebalance under way) is idle, not ill.
/// </summary>
internal sealed class WorkerHealthCheck(WorkerStatus status) : IHealthCheck
{
    public const string Name = "inference-worker";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.State switch
        {
            WorkerState.NotStarted => HealthCheckResult.Healthy("The consume loop is starting."),
            WorkerState.Running => HealthCheckResult.Healthy("The consume loop is running."),
            WorkerState.Stopped => HealthCheckResult.Unhealthy("The consume loop has stopped."),
            _ => HealthCheckResult.Unhealthy("The consume loop died; nothing is being consumed.", status.Fault),
        });
}
