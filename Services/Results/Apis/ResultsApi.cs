using System.Globalization;
using AiMesh.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AiMesh.Results.Apis;

/// <summary>
/// The stored results over HTTP:
/// <list type="table">
/// <item><term><c>GET /api/results/{id}</c></term><description>one result; 404 when none has that id.</description></item>
/// <item><term><c>GET /api/results?limit=N</c></term><description>the N completed last, newest first (default 50, at most 500).</description></item>
/// </list>
/// Errors are RFC 7807 problem details.
/// </summary>
internal static class ResultsApi
{
    public const string BasePath = "/api/results";

    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).WithTags("Results");

        api.MapGet("", ListLatestAsync)
            .WithName("ListResults")
            .WithSummary("The results completed last, newest first.");

        api.MapGet("/{id}", GetByIdAsync)
            .WithName("GetResult")
            .WithSummary("One result, by the id Ingest gave its text.");

        return app;
    }

    public static async Task<Results<Ok<InferenceResult>, ProblemHttpResult, ValidationProblem>> GetByIdAsync(
        string id,
        [AsParameters] ResultsApiServices services,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var resultId))
        {
            return Invalid("id", $"'{id}' is not a result id: ids are GUIDs such as {Guid.Empty}.");
        }

        if (NotReady(services) is { } notReady)
        {
            return notReady;
        }

        var result = await services.Store.GetAsync(resultId, cancellationToken);
        return result is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Result not found",
                detail: $"No result with id {resultId} has been stored.")
            : TypedResults.Ok(result);
    }

    public static async Task<Results<Ok<IReadOnlyList<InferenceResult>>, ProblemHttpResult, ValidationProblem>> ListLatestAsync(
        [FromQuery] string? limit,
        [AsParameters] ResultsApiServices services,
        CancellationToken cancellationToken)
    {
        var options = services.Options.Value;
        var count = options.DefaultListLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > options.MaxListLimit))
        {
            return Invalid("limit", $"limit must be a whole number from 1 to {options.MaxListLimit}; '{limit}' is not.");
        }

        if (NotReady(services) is { } notReady)
        {
            return notReady;
        }

        return TypedResults.Ok(await services.Store.GetLatestAsync(count, cancellationToken));
    }

    private static ValidationProblem Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [message] },
            detail: message,
            title: $"Invalid {parameter}");

    private static ProblemHttpResult? NotReady(ResultsApiServices services) =>
        services.Migrations.IsCompleted
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Not ready",
                detail: "The results database is still being prepared; try again shortly.");
}
