using System.Text.Json;
using AiMesh.Ai.Llm;
using AiMesh.Contracts;
using AiMesh.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Api;

/// <summary>
/// <c>POST /api/answer</c>: an LLM model answers a text, streamed as newline-delimited JSON
/// (<see cref="AnswerEvent"/>) so a caller can show the answer as it grows. Anything that goes wrong
/// before the first line is problem details: 400 for a bad request or unknown model, 503 (with
/// Retry-After when the provider gave one) when no provider model can answer now, 422 when the
/// provider refused this request for good.
/// </summary>
internal static class AnswerApi
{
    private const string RequestExample = "{\"text\": \"...\", \"model\": \"llm\"} (model optional)";
    private const string StreamContentType = "application/x-ndjson";

    public static IEndpointRouteBuilder MapAnswerApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapPost("/api/answer", AnswerAsync)
            .WithTags("Answers")
            .WithName("Answer")
            .WithSummary("An LLM model answers a JSON AnswerRequest, streamed as application/x-ndjson AnswerEvent lines.");

        return app;
    }

    public static async Task<IResult> AnswerAsync(
        HttpContext context,
        LlmCatalog catalog,
        IOptions<AiOptions> options,
        ServiceInstance instance,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, ContractsJsonContext.Default.AnswerRequest, RequestExample, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var maxTextLength = options.Value.MaxTextLength;
        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return Invalid("text", "The text is missing or empty; send at least one non-whitespace character.");
        }

        if (body.Text.Length > maxTextLength)
        {
            return Invalid("text", $"The text is {body.Text.Length} characters long; the limit is {maxTextLength}.");
        }

        if (!catalog.TryFind(body.Model, out var model))
        {
            return Invalid("model", $"There is no LLM model named '{body.Model}'. LLM models: {catalog.NameList}.");
        }

        await using var events = model.StreamAsync(body.Text, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool hasFirst;
        try
        {
            // The first event decides the status: until then every failure can still be a problem.
            hasFirst = await events.MoveNextAsync();
        }
        catch (LlmUnavailableException exception)
        {
            if (exception.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults.Problem(
                title: $"The LLM model '{model.Name}' cannot answer now.",
                detail: exception.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (LlmRejectedException exception)
        {
            return TypedResults.Problem(
                title: $"The provider refused to answer with '{model.Name}'.",
                detail: exception.Message,
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["providerStatus"] = exception.Status });
        }

        context.Response.ContentType = StreamContentType;
        context.Response.Headers[AnswerEvent.InstanceHeader] = instance.Name;
        for (var more = hasFirst; more; more = await events.MoveNextAsync())
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, events.Current, ContractsJsonContext.Default.AnswerEvent, cancellationToken);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }

        return Results.Empty;
    }

    private static IResult Invalid(string field, string message) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [message] },
        detail: message);
}
