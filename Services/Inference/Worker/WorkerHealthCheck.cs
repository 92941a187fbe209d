using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Worker;

/// <summary>
/// Unhealthy when the consume loop is not running because it died (or has ended). Degraded, with the
/// reason, when a message for a built-in model has been in hand for longer than
/// <see cref="InferenceOptions.StuckAfter"/> (such a message takes milliseconds: it is being retried, and
/// it holds back its partition's committed offset), when an LLM answer has been going on for longer than
/// <see cref="InferenceOptions.AnswerTimeout"/> (one attempt may take that long; longer means retries), or
/// when most messages lately were dead-lettered. An LLM text waiting for one of
/// <see cref="InferenceOptions.MaxAnswersInFlight"/> is a backlog, not a fault, and is not judged. Partition
/// assignment is deliberately not part of it: a replica with no partitions (more replicas than partitions,
/// or a rebalance under way) is idle, not ill; neither is a replica paused at its in-flight bound.
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
        var settings = options.Value;
        var inFlight = status.InFlight;
        if (inFlight.Where(message => !message.IsAnswer).MinBy(message => message.Since) is { } stuck && now - stuck.Since > settings.StuckAfter)
        {
            return HealthCheckResult.Degraded(
                $"No progress on {stuck.Message.TopicPartition} for {(now - stuck.Since).TotalSeconds:0} s: the message at offset {stuck.Message.Offset.Value} is being retried ({status.LastError?.Message}).");
        }

        if (inFlight.Where(message => message.AnswerStarted is not null).MinBy(message => message.AnswerStarted) is { AnswerStarted: { } started } slow
            && now - started > settings.AnswerTimeout)
        {
            return HealthCheckResult.Degraded(
                $"The LLM answer to the message at {slow.Message} has taken {(now - started).TotalSeconds:0} s, longer than one attempt may ({settings.AnswerTimeout}): it is being retried ({status.LastError?.Message}).");
        }

        return status.DeadLetterProblem(now) is { } problem
            ? HealthCheckResult.Degraded(problem)
            : HealthCheckResult.Healthy(status.Paused
                ? $"The consume loop is running, paused at {status.InFlightCount} messages in flight."
                : "The consume loop is running.");
    }
}
