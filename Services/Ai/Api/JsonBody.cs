using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace AiMesh.Ai.Api;

/// <summary>
/// Reads a request's JSON body for the inference endpoints. The body is read here rather than bound by
/// the framework, which would answer a wrong content type with 415 and malformed JSON with an empty 400:
/// callers get problem details for both instead, each naming an example of what to send.
/// </summary>
internal static class JsonBody
{
    /// <summary>The body, or the problem that explains why there is none.</summary>
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, string example, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problem(
                "The request body must be JSON.",
                $"The request's content type is '{request.ContentType ?? "(none)"}'; send JSON with 'Content-Type: application/json', e.g. {example}."));
        }

        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) && mediaType.Charset.HasValue && mediaType.Encoding is null)
        {
            return (null, Problem(
                "The request's charset is not supported.",
                $"The request's content type is '{request.ContentType}', and '{mediaType.Charset}' is no known encoding; send UTF-8 JSON, e.g. {example}."));
        }

        T? body;
        try
        {
            body = await request.ReadFromJsonAsync(typeInfo, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, Problem("The request body is not valid JSON.", $"The request body is not valid JSON for {example}: {ex.Message}"));
        }

        return body is null
            ? (null, Problem("The request body is null.", $"The request body is JSON null; send {example}."))
            : (body, null);
    }

    private static ProblemHttpResult Problem(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
