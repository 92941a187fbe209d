using AiMesh.Contracts;

namespace AiMesh.Web.Feed;

/// <summary>
/// The answers being written, one <see cref="AnswerAssembly"/> per id, at most <see cref="Capacity"/>
/// of them (the one started longest ago goes first). Thread-safe.
/// </summary>
public sealed class AnswerStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, AnswerAssembly> _byId = [];
    private readonly Queue<Guid> _byAge = new();
    private readonly Dictionary<Guid, AnswerDraft> _drafts = [];
    private long _revision;

    public AnswerStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>How many answers the store keeps.</summary>
    public int Capacity { get; }

    /// <summary>Takes in <paramref name="chunk"/>; the answer's new draft, or null when nothing changed.</summary>
    public AnswerDraft? Add(AnswerChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);

        lock (_lock)
        {
            if (!_byId.TryGetValue(chunk.Id, out var assembly))
            {
                assembly = new AnswerAssembly(chunk.Id, chunk.Model);
                _byId.Add(chunk.Id, assembly);
                _byAge.Enqueue(chunk.Id);
                if (_byAge.Count > Capacity)
                {
                    var oldest = _byAge.Dequeue();
                    _byId.Remove(oldest);
                    _drafts.Remove(oldest);
                }
            }

            if (!assembly.Add(chunk))
            {
                return null;
            }

            var draft = new AnswerDraft(assembly.Id, assembly.Model, assembly.Text, assembly.WaitingPieces, ++_revision);
            _drafts[assembly.Id] = draft;
            return draft;
        }
    }

    /// <summary>The latest draft of the answer for <paramref name="id"/>, if one is held.</summary>
    public AnswerDraft? Find(Guid id)
    {
        lock (_lock)
        {
            return _drafts.GetValueOrDefault(id);
        }
    }
}
