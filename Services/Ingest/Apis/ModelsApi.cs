using System.Globalization;
using System.Text.Json;
using AiMesh.Ingest.AiModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiMesh.Ingest.Apis;

/// <summary>
/// <c>GET /api/models</c>: the models a submission can name, as Ai lists them (the same JSON), through the
/// same short cache that checks submissions, so Web offers exactly what <c>POST /api/subscribe</c> accepts.
/// </summary>
internal static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapGet("/api/models", GetModelsAsync)
            .WithName("ListModels")
            .WithTags("Ingest")
            .WithSummary("List the models a text can name.")
            .WithDescription(
                "Relays GET /api/models of the Ai service unchanged: the default model, the built-in models and the LLM " +
                "models with whether each can answer now. The list is kept for Ingest:ModelListCacheDuration (5 s by " +
                "default). 503 with Retry-After when Ai cannot be asked.")
            // Ai's list, whatever Ai puts in it: Ingest does not pin its schema, so neither does this document.
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetModelsAsync(
        HttpContext context,
        ModelListCache models)
    {
        try
        {
            var list = await models.GetAsync(context.RequestAborted);
            return TypedResults.Bytes(list.Json, "application/json");
        }
        catch (AiModelListUnavailableException exception)
        {
            return AiUnavailable(context, $"{exception.Message} Try again shortly.");
        }
    }

    /// <summary>The 503 for want of Ai's list, with the Retry-After of <see cref="ModelListCache.RetryAfter"/>.</summary>
    public static ProblemHttpResult AiUnavailable(HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);

        context.Response.Headers.RetryAfter = ((int)ModelListCache.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Ai is unavailable");
    }
}
