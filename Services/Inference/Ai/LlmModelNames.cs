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
    // Replaced whole, never changed, so a reader needs no lock; two messages that both find it stale
    // (replicas handle one at a time, so rarely) both ask, and the later list wins.
    private volatile Snapshot? _snapshot;

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
            var list = await ai.GetModelsAsync(cancellationToken).ConfigureAwait(false);
            var names = (list.Llms ?? []).Select(llm => llm.Name).OfType<string>().Where(name => name.Length > 0);
            snapshot = new Snapshot(names.ToFrozenSet(StringComparer.OrdinalIgnoreCase), timeProvider.GetTimestamp());
            _snapshot = snapshot;
        }

        return snapshot.Names.TryGetValue(model, out var listed) ? listed : null;
    }

    /// <param name="Names">The LLM models' names, matched without regard to case.</param>
    /// <param name="FetchedAt">A <see cref="TimeProvider.GetTimestamp"/> reading, so a clock change cannot age the list.</param>
    private sealed record Snapshot(FrozenSet<string> Names, long FetchedAt);
}
