using System.Text.Json;
using AiMesh.Ai.Models;
using AiMesh.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace AiMesh.Ai.Api;

/// <summary>
/// The Ai service's HTTP API: <c>POST /api/infer</c> runs a model on a text, <c>GET /api/models</c>
/// lists the models. Every error is RFC 7807 problem details with a <c>detail</c> saying what to fix.
/// </summary>
internal static class InferenceApi
{
    private const string RequestExample = "{\"text\": \"...\", \"model\": \"...\"} (model optional)";

    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        var api = app.MapGroup("/api").WithTags("Inference");

        // No Accepts<InferRequest>() here: that metadata makes routing answer other content types with a
        // bare 415 before the handler runs, and callers are owed problem details.
        api.MapPost("/infer", InferAsync)
            .WithName("Infer")
            .WithSummary("Runs a model (the default when none is named) on a JSON InferRequest.");

        api.MapGet("/models", ListModels)
            .WithName("ListModels")
            .WithSummary("Lists the models by name, with a description and which one is the default.");

        return app;
    }

    // The body is read here rather than bound by the framework, which would answer a wrong content
    // type with 415 and malformed JSON with an empty 400: callers get problem details for both instead.
    public static async Task<Results<Ok<InferResponse>, ProblemHttpResult, ValidationProblem>> InferAsync(
        HttpRequest request,
        [AsParameters] InferenceServices services,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(
                title: "The request body must be JSON.",
                detail: $"The request's content type is '{request.ContentType ?? "(none)"}'; send the text as JSON with 'Content-Type: application/json', e.g. {RequestExample}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) && mediaType.Charset.HasValue && mediaType.Encoding is null)
        {
            return TypedResults.Problem(
                title: "The request's charset is not supported.",
                detail: $"The request's content type is '{request.ContentType}', and '{mediaType.Charset}' is no known encoding; send UTF-8 JSON, e.g. {RequestExample}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        InferRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync(ContractsJsonContext.Default.InferRequest, cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(
                title: "The request body is not valid JSON.",
                detail: $"The request body is not valid JSON for {RequestExample}: {ex.Message}",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (body is null)
        {
            return TypedResults.Problem(
                title: "The request body is null.",
                detail: $"The request body is JSON null; send {RequestExample}.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var maxTextLength = services.Options.Value.MaxTextLength;
        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return Invalid("text", "The text is missing or empty; send at least one non-whitespace character.");
        }

        if (body.Text.Length > maxTextLength)
        {
            return Invalid("text", $"The text is {body.Text.Length} characters long; the limit is {maxTextLength}.");
        }

        if (!services.Catalog.TryFind(body.Model, out var model))
        {
            return Invalid("model", $"There is no model named '{body.Model}'. Available models: {services.Catalog.NameList}.");
        }

        var prediction = await model.PredictAsync(body.Text, cancellationToken);
        return TypedResults.Ok(new InferResponse(prediction.Label, prediction.Score, model.Name, services.Instance.Name));
    }

    public static Ok<ModelList> ListModels(ModelCatalog catalog) => TypedResults.Ok(new ModelList(
        catalog.Default.Name,
        [.. catalog.Models.Select(model => new ModelInfo(model.Name, model.Description, model == catalog.Default))]));

    private static ValidationProblem Invalid(string field, string message) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] },
        detail: message);
}
