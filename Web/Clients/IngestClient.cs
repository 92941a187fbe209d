using System.Text.Json;

namespace AiMesh.Web.Clients;

/// <summary>Ingest's HTTP API, as a typed client whose base address is <see cref="ServiceAddresses.Ingest"/>.</summary>
public sealed class IngestClient(HttpClient http)
{
    private const string ServiceName = "Ingest";

    /// <summary>
    /// Submits <paramref name="text"/> and returns the id its result will carry.
    /// Throws <see cref="ServiceProblemException"/> when Ingest refuses it (400, 503…).
    /// </summary>
    public async Task<Guid> SubmitAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);

        using var response = await http.PostAsJsonAsync("/api/subscribe", new SubmitRequest(text), WebJsonContext.Default.SubmitRequest, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ServiceProblemException.FromResponseAsync(ServiceName, response, cancellationToken).ConfigureAwait(false);
        }

        var accepted = await ReadAcceptedAsync(response, cancellationToken).ConfigureAwait(false);
        if (accepted is null || accepted.Id == Guid.Empty)
        {
            throw new ServiceProblemException(
                ServiceName,
                response.StatusCode,
                new ProblemDocument(null, null, (int)response.StatusCode, "Ingest accepted the text but did not say which id it got.", null));
        }

        return accepted.Id;
    }

    private static async Task<SubmitAccepted?> ReadAcceptedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(WebJsonContext.Default.SubmitAccepted, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
