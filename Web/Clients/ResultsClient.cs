using System.Net;
using AiMesh.Contracts;

namespace AiMesh.Web.Clients;

/// <summary>Results' HTTP API, as a typed client whose base address is <see cref="ServiceAddresses.Results"/>.</summary>
public sealed class ResultsClient(HttpClient http)
{
    private const string ServiceName = "Results";

    /// <summary>The latest <paramref name="limit"/> results, newest first.</summary>
    public async Task<IReadOnlyList<InferenceResult>> GetLatestAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        using var response = await http.GetAsync($"/api/results?limit={limit}", HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        var results = new List<InferenceResult>();
        await foreach (var result in response.Content.ReadFromJsonAsAsyncEnumerable(ContractsJsonContext.Default.InferenceResult, cancellationToken)
            .ConfigureAwait(false))
        {
            if (result is not null)
            {
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>The result for <paramref name="id"/>, or null while Results has none.</summary>
    public async Task<InferenceResult?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"/api/results/{id}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.InferenceResult, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ServiceProblemException.FromResponseAsync(ServiceName, response, cancellationToken).ConfigureAwait(false);
        }
    }
}
