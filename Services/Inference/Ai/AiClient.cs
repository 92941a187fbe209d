using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using AiMesh.Contracts;
using Polly;

namespace AiMesh.Inference.Ai;

/// <summary>
/// The Ai service's <c>POST /api/infer</c> and <c>GET /api/models</c> through a typed HttpClient on
/// <c>http://ai</c>: service discovery picks a replica per request and the standard resilience handler
/// has already retried transient failures, so what reaches this class has outlasted those retries.
/// (LLM answers go through <see cref="AiAnswerClient"/>, whose client has no such handler.)
/// </summary>
internal sealed class AiClient(HttpClient http)
{
    /// <summary>The base address the AppHost's <c>services__ai__http__N</c> entries resolve.</summary>
    public static readonly Uri BaseAddress = new("http://ai");

    /// <exception cref="AiUnavailableException">No answer: unreachable, timed out, 5xx/408/429 or an unreadable body.</exception>
    /// <exception cref="AiRequestRejectedException">Any other 4xx.</exception>
    public async Task<InferResponse> InferAsync(InferRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var response = await http.PostAsJsonAsync("api/infer", request, ContractsJsonContext.Default.InferRequest, cancellationToken)
                .ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.InferResponse, cancellationToken).ConfigureAwait(false);
                return IsComplete(answer)
                    ? answer
                    : throw new AiUnavailableException($"The Ai service answered {(int)response.StatusCode} without a label, model and instance.");
            }

            var detail = await ReadDetailAsync(response, cancellationToken).ConfigureAwait(false);
            if (IsPermanent(response.StatusCode))
            {
                throw new AiRequestRejectedException(response.StatusCode, detail);
            }

            throw new AiUnavailableException($"The Ai service answered {(int)response.StatusCode} {response.StatusCode}: {detail}");
        }
        catch (Exception exception) when (IsTransport(exception, cancellationToken))
        {
            throw new AiUnavailableException($"The Ai service could not be asked: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The Ai service's <c>POST /api/infer/batch</c>: one model's predictions for several texts, in their
    /// order. Errors are classified as <see cref="InferAsync"/> classifies them, for the batch as a whole;
    /// <see cref="AiBatcher"/> decides what that means for each text.
    /// </summary>
    /// <exception cref="AiUnavailableException">No answer: unreachable, timed out, 5xx/408/429, an unreadable body or one prediction too few or many.</exception>
    /// <exception cref="AiRequestRejectedException">Any other 4xx (400: a text or the model refused, or a batch over <c>Ai:MaxBatchSize</c>).</exception>
    public async Task<InferBatchResponse> InferBatchAsync(InferBatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var response = await http.PostAsJsonAsync("api/infer/batch", request, ContractsJsonContext.Default.InferBatchRequest, cancellationToken)
                .ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.InferBatchResponse, cancellationToken).ConfigureAwait(false);
                return IsComplete(answer, request.Texts.Count)
                    ? answer
                    : throw new AiUnavailableException(
                        $"The Ai service answered a batch of {request.Texts.Count} with {(int)response.StatusCode} but not with a model, instance and one labelled prediction per text.");
            }

            var detail = await ReadDetailAsync(response, cancellationToken).ConfigureAwait(false);
            if (IsPermanent(response.StatusCode))
            {
                throw new AiRequestRejectedException(response.StatusCode, detail);
            }

            throw new AiUnavailableException($"The Ai service answered {(int)response.StatusCode} {response.StatusCode}: {detail}");
        }
        catch (Exception exception) when (IsTransport(exception, cancellationToken))
        {
            throw new AiUnavailableException($"The Ai service could not be asked: {exception.Message}", exception);
        }
    }

    /// <summary>The names of the Ai service's models, as its <c>GET /api/models</c> lists them.</summary>
    /// <exception cref="AiUnavailableException">
    /// No list: unreachable, timed out, any error status or an unreadable body. Even a 4xx is "later" here:
    /// the list is not about any one text, so no text should be dead-lettered at once for it.
    /// </exception>
    public async Task<AiModelList> GetModelsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("api/models", cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await ReadDetailAsync(response, cancellationToken).ConfigureAwait(false);
                throw new AiUnavailableException($"The Ai service answered GET /api/models with {(int)response.StatusCode} {response.StatusCode}: {detail}");
            }

            return await response.Content.ReadFromJsonAsync(InferenceJsonContext.Default.AiModelList, cancellationToken).ConfigureAwait(false)
                ?? throw new AiUnavailableException("The Ai service answered GET /api/models with JSON null.");
        }
        catch (Exception exception) when (IsTransport(exception, cancellationToken))
        {
            throw new AiUnavailableException($"The Ai service's models could not be listed: {exception.Message}", exception);
        }
    }

    // JSON leaves missing properties null whatever the record says; an answer without them is no answer.
    private static bool IsComplete([NotNullWhen(true)] InferResponse? answer) =>
        answer is { Label: { Length: > 0 }, Model: { Length: > 0 }, Instance: { Length: > 0 } };

    private static bool IsComplete([NotNullWhen(true)] InferBatchResponse? answer, int texts) =>
        answer is { Model: { Length: > 0 }, Instance: { Length: > 0 }, Predictions: { } predictions }
        && predictions.Count == texts
        && predictions.All(prediction => prediction is { Label: { Length: > 0 } });

    /// <summary>A 4xx is the server's considered answer for this request, except 408 and 429, which say "later".</summary>
    public static bool IsPermanent(HttpStatusCode statusCode) =>
        (int)statusCode is >= 400 and < 500
        && statusCode is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;

    /// <summary>
    /// Whether <paramref name="exception"/> means the Ai service could not be asked or heard: connection
    /// failures, the resilience pipeline giving up (timeouts, an open circuit), a timeout of the client's
    /// own, and bodies that cannot be read as the expected JSON. The caller's cancellation is not one of them.
    /// </summary>
    public static bool IsTransport(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or ExecutionRejectedException or JsonException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>
    /// What an error response says went wrong: the <c>detail</c> (else the <c>title</c>) of the problem
    /// details the Ai service answers errors with, else the body as it is; cut to a length a log line
    /// and a dead letter's header can hold.
    /// </summary>
    public static async Task<string> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int MaxLength = 500;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var detail = ProblemText(body) ?? body;
        return detail.Length <= MaxLength ? detail : string.Concat(detail.AsSpan(0, MaxLength), "…");
    }

    // The problem's own words, unescaped: the raw JSON would show "there is no model named \u0027x\u0027".
    private static string? ProblemText(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.ValueKind == JsonValueKind.Object
                && (Text(problem.RootElement, "detail") ?? Text(problem.RootElement, "title")) is { } text
                ? text
                : null;
        }
        catch (JsonException)
        {
            return null;
        }

        static string? Text(JsonElement problem, string property) =>
            problem.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : null;
    }
}
