using AiMesh.Contracts;

namespace AiMesh.Web.Feed;

/// <summary>
/// The latest results, newest first by <see cref="InferenceResult.CompletedAt"/>, at most
/// <see cref="Capacity"/> of them, one per id. Thread-safe.
/// </summary>
/// <remarks>
/// Results can arrive more than once (Kafka delivers at least once, and a reconnect re-reads the latest
/// over HTTP). Ids still held are ignored when they come again. An id that was pushed out cannot come
/// back either: it sorted after everything that stayed, a full store only ever moves its oldest entry
/// newer, and an entry that sorts after the oldest one held is refused.
/// </remarks>
public sealed class ResultStore
{
    private static readonly Comparer<InferenceResult> s_newestFirst = Comparer<InferenceResult>.Create(static (left, right) =>
    {
        var byTime = right.CompletedAt.CompareTo(left.CompletedAt);
        return byTime != 0 ? byTime : left.Id.CompareTo(right.Id);
    });

    private readonly Lock _lock = new();
    private readonly SortedSet<InferenceResult> _ordered = new(s_newestFirst);
    private readonly Dictionary<Guid, InferenceResult> _byId = [];
    private InferenceResult[]? _snapshot = [];

    public ResultStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>How many results the store keeps.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Adds <paramref name="result"/>; false when its id is already held or it is older than every
    /// result of a full store.
    /// </summary>
    public bool Add(InferenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        lock (_lock)
        {
            if (_byId.ContainsKey(result.Id))
            {
                return false;
            }

            if (_ordered.Count == Capacity && s_newestFirst.Compare(result, _ordered.Max!) > 0)
            {
                return false;
            }

            _ordered.Add(result);
            _byId.Add(result.Id, result);
            if (_ordered.Count > Capacity)
            {
                var oldest = _ordered.Max!;
                _ordered.Remove(oldest);
                _byId.Remove(oldest.Id);
            }

            _snapshot = null;
            return true;
        }
    }

    /// <summary>The held result for <paramref name="id"/>, if any.</summary>
    public InferenceResult? Find(Guid id)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>The held results, newest first; an immutable copy, rebuilt only after a change.</summary>
    public IReadOnlyList<InferenceResult> Latest()
    {
        lock (_lock)
        {
            return _snapshot ??= [.. _ordered];
        }
    }
}
