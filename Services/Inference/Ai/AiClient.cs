using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using AiMesh.Contracts;
using Polly;

namespace AiMesh.Inference.Ai;

/// <summary>
/// The Ai service's <c>POST /api/infer</c> through a typed HttpClient on <c>http://ai</c>: service
/// discovery picks a replica per request and the standard resilience handler has already retried
/// transient failures, so what reaches this class has outlasted those retries.
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

    // JSON leaves missing properties null whatever the record says; an answer without them is no answer.
    private static bool IsComplete([NotNullWhen(true)] InferResponse? answer) =>
        answer is { Label: { Length: > 0 }, Model: { Length: > 0 }, Instance: { Length: > 0 } };

    /// <summary>A 4xx is the server's considered answer for this request, except 408 and 429, which say "later".</summary>
    public static bool IsPermanent(HttpStatusCode statusCode) =>
        (int)statusCode is >= 400 and < 500
        && statusCode is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;

    // Connection failures, the resilience pipeline giving up (timeouts, an open circuit), HttpClient's
    // own timeout, and bodies that are not an InferResponse. The caller's cancellation is not one of them.
    private static bool IsTransport(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or ExecutionRejectedException or JsonException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static async Task<string> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int MaxLength = 500;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Length <= MaxLength ? body : string.Concat(body.AsSpan(0, MaxLength), "…");
    }
}
