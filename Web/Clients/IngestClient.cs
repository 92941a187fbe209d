using System.Net;
using System.Text.Json;

namespace AiMesh.Web.Clients;

/// <summary>Ingest's HTTP API, as a typed client whose base address is <see cref="ServiceAddresses.Ingest"/>.</summary>
public sealed class IngestClient(HttpClient http)
{
    private const string ServiceName = "Ingest";

    /// <summary>
    /// Submits <paramref name="text"/> to Ingest's default model and returns the id its result will carry.
    /// Throws <see cref="ServiceProblemException"/> when Ingest refuses it (400, 503…).
    /// </summary>
    public Task<Guid> SubmitAsync(string text, CancellationToken cancellationToken = default) =>
        SubmitAsync(text, model: null, cancellationToken);

    /// <summary>
    /// Submits <paramref name="text"/> to <paramref name="model"/> (Ingest's default when null) and
    /// returns the id its result will carry. Throws <see cref="ServiceProblemException"/> when Ingest
    /// refuses it: 400 for an unknown or unavailable model (the detail says why), 503 when it cannot take
    /// texts now; <see cref="SubmissionUnconfirmedException"/> when Kafka did not confirm it in time (504)
    /// but may have it.
    /// </summary>
    public async Task<Guid> SubmitAsync(string text, string? model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);

        using var response = await http.PostAsJsonAsync("/api/subscribe", new SubmitRequest(text, model), WebJsonContext.Default.SubmitRequest, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ServiceProblemException.FromResponseAsync(ServiceName, response, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.GatewayTimeout && Guid.TryParse(problem.Problem?.Id, out var unconfirmedId))
            {
                throw new SubmissionUnconfirmedException(unconfirmedId, problem.Message);
            }

            throw problem;
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

    /// <summary>
    /// The models a text can be sent to, LLM models included whether available or not. Throws
    /// <see cref="ServiceProblemException"/> when Ingest cannot say (503 while it cannot ask Ai).
    /// </summary>
    public async Task<ModelList> GetModelsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("/api/models", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ServiceProblemException.FromResponseAsync(ServiceName, response, cancellationToken).ConfigureAwait(false);
        }

        ModelList? models;
        try
        {
            models = await response.Content.ReadFromJsonAsync(WebJsonContext.Default.ModelList, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            models = null;
        }

        return models is { Default: not null, Models: not null, Llms: not null }
            ? models
            : throw new ServiceProblemException(
                ServiceName,
                response.StatusCode,
                new ProblemDocument(null, null, (int)response.StatusCode, "Ingest answered the list of models with something that is not one.", null));
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
