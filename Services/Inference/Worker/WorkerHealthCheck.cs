using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Worker;

/// <summary>
/// Unhealthy when the consume loop is not running because it died (or has ended); Degraded, with the
/// reason, when one message has held its partition for longer than <see cref="InferenceOptions.StuckAfter"/>
/// (it is being retried) or when most messages lately were dead-lettered. Partition assignment is
/// deliberately not part of it: a replica with no partitions (more replicas than partitions, or a
/// rebalance under way) is idle, not ill.
/// </summary>
internal sealed class WorkerHealthCheck(WorkerStatus status, IOptions<InferenceOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public const string Name = "inference-worker";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        switch (status.State)
        {
            case WorkerState.NotStarted:
                return HealthCheckResult.Healthy("The consume loop is starting.");
            case WorkerState.Stopped:
                return HealthCheckResult.Unhealthy("The consume loop has stopped.");
            case WorkerState.Faulted:
                return HealthCheckResult.Unhealthy("The consume loop died; nothing is being consumed.", status.Fault);
        }

        var now = timeProvider.GetUtcNow();
        if (status.Current is { } current && now - current.Since > options.Value.StuckAfter)
        {
            return HealthCheckResult.Degraded(
                $"No progress on {current.Message.TopicPartition} for {(now - current.Since).TotalSeconds:0} s: the message at offset {current.Message.Offset.Value} is being retried ({status.LastError?.Message}).");
        }

        return status.DeadLetterProblem(now) is { } problem
            ? HealthCheckResult.Degraded(problem)
            : HealthCheckResult.Healthy("The consume loop is running.");
    }
}
