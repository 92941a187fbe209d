using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Ai;

/// <summary>
/// Which model names are the Ai service's LLM models, answered by <c>POST /api/answer</c> rather than
/// <c>/api/infer</c>. The list comes from <c>GET /api/models</c> and is trusted for
/// <see cref="InferenceOptions.ModelListTtl"/>: texts do not each pay for a request, and a model added to
/// or removed from the Ai service is routed right within that long.
/// </summary>
internal sealed class LlmModelNames(AiClient ai, IOptions<InferenceOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();

    // Replaced whole, never changed, so a reader needs no lock.
    private volatile Snapshot? _snapshot;

    // The fetch under way, if any: the many messages in flight that find the list stale at once share it
    // rather than each asking the Ai service.
    private Task<Snapshot>? _refreshing;

    /// <summary>
    /// The LLM model <paramref name="model"/> names, spelled as the Ai service lists it (names are
    /// case-insensitive there), or null when it is not one of the Ai service's LLM models.
    /// </summary>
    /// <exception cref="AiUnavailableException">The list was due for a refresh and could not be fetched.</exception>
    public async Task<string?> FindAsync(string model, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);

        var snapshot = _snapshot;
        if (snapshot is null || timeProvider.GetElapsedTime(snapshot.FetchedAt) >= options.Value.ModelListTtl)
        {
            snapshot = await Refresh().WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return snapshot.Names.TryGetValue(model, out var listed) ? listed : null;
    }

    private Task<Snapshot> Refresh()
    {
        lock (_gate)
        {
            // Task.Run: the fetch must not finish (and clear _refreshing) before it has been recorded here.
            return _refreshing ??= Task.Run(FetchAsync);
        }
    }

    // Not cancelled by any one caller, as others may share it; the Ai client's own timeouts bound it.
    private async Task<Snapshot> FetchAsync()
    {
        try
        {
            var list = await ai.GetModelsAsync(CancellationToken.None).ConfigureAwait(false);
            var names = (list.Llms ?? []).Select(llm => llm.Name).OfType<string>().Where(name => name.Length > 0);
            var snapshot = new Snapshot(names.ToFrozenSet(StringComparer.OrdinalIgnoreCase), timeProvider.GetTimestamp());
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            lock (_gate)
            {
                _refreshing = null;
            }
        }
    }

    /// <param name="Names">The LLM models' names, matched without regard to case.</param>
    /// <param name="FetchedAt">A <see cref="TimeProvider.GetTimestamp"/> reading, so a clock change cannot age the list.</param>
    private sealed record Snapshot(FrozenSet<string> Names, long FetchedAt);
}
