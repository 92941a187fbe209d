using Polly;

namespace AiMesh.Ingest.AiModels;

/// <summary>
/// Ai's <c>GET /api/models</c>, reached as <c>http://ai</c> through service discovery
/// (<c>services:ai:http:0..N</c>) with the standard resilience handler from ServiceDefaults: the call is
/// idempotent, so retries (each possibly on another replica) and timeouts are the handler's.
/// </summary>
/// <remarks>
/// A singleton (the cache that uses it is one) taking a named client from the factory on every call,
/// rather than a typed client: a typed client held by a singleton would keep one handler for good.
/// </remarks>
internal sealed class AiModelsClient(IHttpClientFactory httpClients)
{
    /// <summary>The name of the <see cref="HttpClient"/> registered for Ai.</summary>
    public const string HttpClientName = "ai";

    /// <summary>
    /// The most of Ai's answer that is read: the list is a few kilobytes, so anything far larger is not
    /// one, and is refused rather than held in memory.
    /// </summary>
    public const int MaxListBytes = 1024 * 1024;

    public static readonly Uri BaseAddress = new("http://ai");

    private static readonly Uri s_modelsPath = new("/api/models", UriKind.Relative);

    /// <summary>
    /// Ai's model list. <see cref="AiModelListUnavailableException"/> when it cannot be had;
    /// <see cref="OperationCanceledException"/> only for <paramref name="cancellationToken"/>.
    /// </summary>
    public async Task<AiModelList> GetModelListAsync(CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await http.GetAsync(s_modelsPath, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new AiModelListUnavailableException($"Ai answered GET /api/models with {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var json = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return AiModelList.Parse(json);
        }
        catch (FormatException exception)
        {
            throw new AiModelListUnavailableException($"Ai's model list cannot be read: {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or ExecutionRejectedException)
        {
            // Refused connections, unresolvable names, an answer over MaxListBytes; Polly's timeouts and open circuit.
            throw new AiModelListUnavailableException($"Ai could not be asked for its models: {exception.Message}", exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout, the one not in Polly's hands.
            throw new AiModelListUnavailableException("Ai did not answer GET /api/models in time.", exception);
        }
    }
}
