using System.Globalization;
using AiMesh.Contracts;
using AiMesh.Ingest.AiModels;
using AiMesh.Ingest.Backpressure;
using AiMesh.Ingest.Messaging;
using AiMesh.Ingest.Submissions;
using AiMesh.Ingest.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AiMesh.Ingest.Apis;

/// <summary>
/// <c>POST /api/subscribe</c>: the pipeline's front door. A text is accepted (202) only once Kafka has
/// acknowledged it on <see cref="Topics.Data"/>; bad input, a model Ai does not list or that cannot
/// answer included, is refused (400) and never published. While the pipeline lags too far behind
/// (<see cref="PipelineBackpressure"/>) a valid text is refused with 429 and Retry-After, and not published.
/// A 503 means Kafka does not have the text; a 504 that it did not say in time but may, under the id given.
/// </summary>
internal static class SubscribeApi
{
    public static IEndpointRouteBuilder MapSubscribeApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapPost("/api/subscribe", SubscribeAsync)
            .WithName("SubmitText")
            .WithTags("Ingest")
            .WithSummary("Submit a text for inference.")
            .WithDescription(
                "Publishes the text to Kafka's data-topic and answers 202 with its id once Kafka has acknowledged it; " +
                "Location names the URL of its result. An optional model names the model to run (see GET /api/models): " +
                "a built-in model or an available LLM model, published under its canonical name; none for the default. " +
                "400 for bad input (never published), an unknown model or an LLM model that cannot answer now included; " +
                "408 for a body that arrives too slowly or stops short of its Content-Length; 429 with Retry-After while " +
                "the pipeline lags too far behind (its consumers have more than Ingest:Backpressure:MaxLag messages left " +
                "to process; accepted again once the lag is back to Ingest:Backpressure:ResumeLag), never published; 503 " +
                "with Retry-After when Ai cannot be asked for its models, when Kafka refused the text, or at once while every " +
                "broker is down: the text was not accepted. 504 when Kafka did not acknowledge the text in time (Ingest:PublishTimeout): " +
                "a slow broker may have it all the same, so the problem's id and result say where its result will be if so; " +
                "sending it again could process it twice.")
            .AddOpenApiOperationTransformer(DescribeRequestBodyAsync)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

        return app;
    }

    /// <summary>Where a text's result will be, on Ingest itself (see <see cref="ResultsApi"/>).</summary>
    public static string ResultLocation(Guid id) => $"/api/results/{id}";

    private static async Task<Results<Accepted<SubscriptionAccepted>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(
        HttpContext context,
        SubmissionReader reader,
        ModelChooser models,
        TextPublisher publisher,
        PipelineBackpressure backpressure,
        IngestMetrics metrics,
        TimeProvider time)
    {
        var request = context.Request;
        var submission = await reader.ReadAsync(request.ContentType, request.ContentLength, request.Body, context.RequestAborted);
        if (!submission.IsValid)
        {
            return Refuse(submission.Error);
        }

        var model = await models.ChooseAsync(submission.Model, context.RequestAborted);
        if (model.Refusal is { } refusal)
        {
            return Refuse(refusal);
        }

        if (model.AiUnavailable is { } reason)
        {
            return ModelsApi.AiUnavailable(context, $"{reason} The model named could not be checked, so the text was not accepted; send it again shortly.");
        }

        // After every check of the request itself, so a bad one is still told so; before publishing anything.
        var lag = backpressure.Current;
        if (lag.RefusesTexts)
        {
            metrics.TextRefused();
            return PipelineBehind(context, lag);
        }

        var acceptedAt = time.GetUtcNow();
        var id = Guid.CreateVersion7(acceptedAt);
        var outcome = await publisher.PublishAsync(new TextSubmitted(id, submission.Text, acceptedAt, model.Model), context.RequestAborted);
        if (outcome.MayBeDelivered)
        {
            return Unconfirmed(id, outcome);
        }

        if (!outcome.Acknowledged)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(outcome.RetryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                detail: $"{outcome.FailureReason} The text was not accepted; send it again later.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Kafka is unavailable");
        }

        return TypedResults.Accepted(ResultLocation(id), new SubscriptionAccepted(id, acceptedAt));
    }

    /// <summary>
    /// Documents the body as <see cref="SubmitTextRequest"/> JSON. <c>Accepts&lt;T&gt;()</c> would do it too,
    /// but it also makes routing answer 415 to other content types, where this API answers 400.
    /// </summary>
    private static async Task DescribeRequestBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(SubmitTextRequest), parameterDescription: null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The text to run inference on, and optionally the model to run, as UTF-8 JSON.",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }

    /// <summary>The 429 of a text refused because the pipeline is behind, with a Retry-After of how long it takes to drain.</summary>
    private static ProblemHttpResult PipelineBehind(HttpContext context, PipelineLagState lag)
    {
        var reading = lag.Reading!;
        var stages = string.Join(", ", reading.Stages.Select(stage => $"{stage.Lag} waiting for {stage.Stage.Name} on {stage.Stage.Topic}"));
        var seconds = Math.Max(1, (int)Math.Ceiling(lag.RetryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            detail: $"The pipeline is {reading.Total} messages behind ({stages}), more than the bound of {lag.MaxLag}; " +
                $"texts are accepted again once it is back to {lag.ResumeLag}. The text was not accepted; send it again after Retry-After.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "The pipeline is behind");
    }

    /// <summary>
    /// The 504 of a text Kafka may have although it did not say so in time: with no Retry-After, since
    /// sending it again could have it processed twice, and with the id its result will carry if it is.
    /// </summary>
    private static ProblemHttpResult Unconfirmed(Guid id, PublishOutcome outcome)
    {
        var location = ResultLocation(id);
        return TypedResults.Problem(
            detail: $"{outcome.FailureReason} Kafka may have received it all the same: if so it is processed as {id}, " +
                $"and its result will be at {location}. Sending it again could have it processed twice.",
            statusCode: StatusCodes.Status504GatewayTimeout,
            title: "Kafka did not confirm the text",
            extensions: new Dictionary<string, object?> { ["id"] = id.ToString(), ["result"] = location });
    }

    private static Results<Accepted<SubscriptionAccepted>, ValidationProblem, ProblemHttpResult> Refuse(SubmissionError error) =>
        error.Field is { } field
            ? TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [error.Detail] },
                detail: error.Detail,
                title: error.Title)
            : TypedResults.Problem(detail: error.Detail, statusCode: StatusCodes.Status400BadRequest, title: error.Title);
}
