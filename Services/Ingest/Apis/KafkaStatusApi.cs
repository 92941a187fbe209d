using AiMesh.Ingest.Backpressure;
using AiMesh.Ingest.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiMesh.Ingest.Apis;

/// <summary>
/// <c>GET /kafka-status</c>: whether Ingest can reach Kafka, from the cluster's own metadata, and how far the
/// pipeline's consumers lag behind (<see cref="PipelineBackpressure"/>).
/// </summary>
internal static class KafkaStatusApi
{
    public static IEndpointRouteBuilder MapKafkaStatusApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapGet("/kafka-status", GetKafkaStatusAsync)
            .WithName("GetKafkaStatus")
            .WithTags("Status")
            .WithSummary("Whether Kafka is reachable.")
            .WithDescription(
                "Asks the cluster for data-topic's metadata through Ingest's producer: 200 with the brokers and the topic's " +
                "partition count, and a pipeline section: the lag of each stage's consumer group (inference on data-topic, " +
                "results on result-topic) as last read, the bound above which texts are refused with 429, the level at " +
                "which they are accepted again, and whether they are refused now. 503 with the reason when Kafka does " +
                "not answer in time.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    private static async Task<Results<Ok<KafkaStatus>, ProblemHttpResult>> GetKafkaStatusAsync(
        KafkaStatusProbe probe,
        PipelineBackpressure backpressure,
        CancellationToken cancellationToken)
    {
        var (status, problem) = await probe.CheckAsync(cancellationToken);
        return status is not null
            ? TypedResults.Ok(status with { Pipeline = PipelineStatus.From(backpressure.Current) })
            : TypedResults.Problem(detail: problem, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Kafka is unavailable");
    }
}
