using AiMesh.Inference.Processing;
using AiMesh.Inference.Telemetry;
using AiMesh.Inference.Worker;
using AiMesh.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Apis;

/// <summary>
/// <c>GET /api/status</c>: which replica this is, which data-topic partitions it owns, what it has done
/// and what it has in hand, so a test or an operator can see the group's spread and its backpressure
/// without asking Kafka.
/// </summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapGet("/api/status", GetStatus)
            .WithName("GetInferenceStatus")
            .WithSummary("This Inference replica's partitions and counts.");

        return endpoints;
    }

    internal static Ok<InferenceStatus> GetStatus(
        ServiceInstance instance,
        IOptions<InferenceOptions> options,
        PartitionAssignments assignments,
        InferenceMetrics metrics,
        WorkerStatus status,
        AnswerHandler answers)
    {
        var lastError = status.LastError;
        var oldest = status.InFlight.MinBy(message => message.Since);
        return TypedResults.Ok(new InferenceStatus(
            instance.Name,
            options.Value.Model,
            assignments.Current,
            metrics.ProcessedTotal,
            metrics.CacheHitsTotal,
            metrics.CacheMissesTotal,
            status.DeadLetteredTotal,
            status.InFlightCount,
            answers.InFlight,
            status.Paused,
            oldest?.Since,
            lastError?.Message,
            lastError?.At));
    }
}
