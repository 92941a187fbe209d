using AiMesh.Ai.Llm;
using AiMesh.Ai.Models;
using AiMesh.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiMesh.Ai.Api;

/// <summary>
/// The Ai service's HTTP API: <c>POST /api/infer</c> runs a model on a text, <c>GET /api/models</c>
/// lists the models. Every error is RFC 7807 problem details with a <c>detail</c> saying what to fix.
/// </summary>
internal static class InferenceApi
{
    private const string RequestExample = "{\"text\": \"...\", \"model\": \"...\"} (model optional)";
    private const string BatchExample = "{\"texts\": [\"...\", \"...\"], \"model\": \"...\"} (model optional)";

    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        var api = app.MapGroup("/api").WithTags("Inference");

        // No Accepts<InferRequest>() here: that metadata makes routing answer other content types with a
        // bare 415 before the handler runs, and callers are owed problem details.
        api.MapPost("/infer", InferAsync)
            .WithName("Infer")
            .WithSummary("Runs a model (the default when none is named) on a JSON InferRequest.");

        api.MapPost("/infer/batch", InferBatchAsync)
            .WithName("InferBatch")
            .WithSummary("Runs a model on up to Ai:MaxBatchSize texts at once, answering one prediction per text in order.");

        api.MapGet("/models", ListModels)
            .WithName("ListModels")
            .WithSummary("Lists the built-in models (description, version, labels, evaluated accuracy, the default) and the LLM models (provider models, availability).");

        return app;
    }

    public static async Task<Results<Ok<InferResponse>, ProblemHttpResult, ValidationProblem>> InferAsync(
        HttpRequest request,
        [AsParameters] InferenceServices services,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ContractsJsonContext.Default.InferRequest, RequestExample, cancellationToken);
        if (body is null)
        {
            return problem!;
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

        ModelPrediction prediction;
        try
        {
            prediction = await model.PredictAsync(body.Text, cancellationToken);
        }
        catch (ModelNotReadyException exception)
        {
            return NotReady(exception);
        }

        return TypedResults.Ok(new InferResponse(prediction.Label, prediction.Score, model.Name, services.Instance.Name, model.Version));
    }

    public static async Task<Results<Ok<InferBatchResponse>, ProblemHttpResult, ValidationProblem>> InferBatchAsync(
        HttpRequest request,
        [AsParameters] InferenceServices services,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ContractsJsonContext.Default.InferBatchRequest, BatchExample, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var options = services.Options.Value;
        if (body.Texts is not { Count: > 0 } texts)
        {
            return Invalid("texts", $"Send at least one text, e.g. {BatchExample}.");
        }

        if (texts.Count > options.MaxBatchSize)
        {
            return Invalid("texts", $"The batch has {texts.Count} texts; the limit is {options.MaxBatchSize}.");
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                return Invalid($"texts[{i}]", $"Text {i} is missing or empty; send at least one non-whitespace character.");
            }

            if (texts[i].Length > options.MaxTextLength)
            {
                return Invalid($"texts[{i}]", $"Text {i} is {texts[i].Length} characters long; the limit is {options.MaxTextLength}.");
            }
        }

        if (!services.Catalog.TryFind(body.Model, out var model))
        {
            return Invalid("model", $"There is no model named '{body.Model}'. Available models: {services.Catalog.NameList}.");
        }

        IReadOnlyList<ModelPrediction> predictions;
        try
        {
            predictions = await model.PredictBatchAsync(texts, cancellationToken);
        }
        catch (ModelNotReadyException exception)
        {
            return NotReady(exception);
        }

        return TypedResults.Ok(new InferBatchResponse(
            model.Name,
            model.Version,
            services.Instance.Name,
            [.. predictions.Select(prediction => new Prediction(prediction.Label, prediction.Score))]));
    }

    public static Ok<ModelList> ListModels(ModelCatalog catalog, LlmCatalog llms) => TypedResults.Ok(new ModelList(
        catalog.Default.Name,
        [.. catalog.Models.Select(model => new ModelInfo(
            model.Name,
            model.Description,
            model == catalog.Default,
            model.Version,
            model.Labels,
            model.Evaluation,
            model is not ILoadableModel { IsLoaded: false }))],
        [.. llms.Models.Select(model => new LlmModelInfo(
            model.Name,
            model.Description,
            model.ProviderModels,
            llms.Endpoint.Host,
            model.UnavailableReason is null,
            model.UnavailableReason,
            model.LastFailure))]));

    // 503, not 500: the replica is fine and will answer soon; callers retry, on another replica if they can.
    private static ProblemHttpResult NotReady(ModelNotReadyException exception) => TypedResults.Problem(
        title: "The model is still loading.",
        detail: $"{exception.Message} Try again in a moment.",
        statusCode: StatusCodes.Status503ServiceUnavailable);

    private static ValidationProblem Invalid(string field, string message) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] },
        detail: message);
}
