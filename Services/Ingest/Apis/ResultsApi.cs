using AiMesh.Contracts;
using AiMesh.Ingest.ResultsRelay;
using Microsoft.AspNetCore.Http.HttpResults;
using Polly;

namespace AiMesh.Ingest.Apis;

/// <summary>
/// <c>GET /api/results/{id}</c>: relays the Results service's answer (status, content type and body), so
/// the Location that <c>POST /api/subscribe</c> returns works on Ingest itself.
/// </summary>
internal static partial class ResultsApi
{
    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapGet("/api/results/{id}", GetResultAsync)
            .WithName("GetResult")
            .WithTags("Ingest")
            .WithSummary("Get a text's result.")
            .WithDescription(
                "Relays GET /api/results/{id} of the Results service: 200 with the result once inference is done, " +
                "Results' own answer (such as 404) before. 400 for an id that is not a GUID; 503 when Results cannot be reached.")
            .Produces<InferenceResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    private static async Task<Results<RelayedResponse, ProblemHttpResult>> GetResultAsync(
        string id,
        ResultsClient results,
        ILogger<ResultsClient> logger,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var resultId))
        {
            return TypedResults.Problem(
                detail: $"'{id}' is not a valid id. Ids are the GUIDs POST /api/subscribe answers with.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed id");
        }

        try
        {
            return new RelayedResponse(await results.GetResultAsync(resultId, cancellationToken));
        }
        catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
        {
            LogResultsUnreachable(logger, resultId, exception.Message);
            return TypedResults.Problem(
                detail: $"The Results service could not be reached: {exception.Message}",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Results is unavailable");
        }
    }

    /// <summary>
    /// Connection failures, Polly's timeouts and open circuits, and HttpClient's own timeout; a cancelled
    /// request (the client left) is not one.
    /// </summary>
    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or ExecutionRejectedException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    [LoggerMessage(1, LogLevel.Warning, "Result {Id}: the Results service could not be reached: {Reason}")]
    private static partial void LogResultsUnreachable(ILogger logger, Guid id, string reason);
}
