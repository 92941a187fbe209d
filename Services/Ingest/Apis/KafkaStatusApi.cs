using AiMesh.Ingest.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiMesh.Ingest.Apis;

/// <summary><c>GET /kafka-status</c>: whether Ingest can reach Kafka, from the cluster's own metadata.</summary>
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
                "partition count, or 503 with the reason when Kafka does not answer in time.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    private static async Task<Results<Ok<KafkaStatus>, ProblemHttpResult>> GetKafkaStatusAsync(
        KafkaStatusProbe probe,
        CancellationToken cancellationToken)
    {
        var (status, problem) = await probe.CheckAsync(cancellationToken);
        return status is not null
            ? TypedResults.Ok(status)
            : TypedResults.Problem(detail: problem, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Kafka is unavailable");
    }
}
