using System.Text;
using AiMesh.Contracts;

namespace AiMesh.Web.Feed;

/// <summary>
/// Puts one answer's <see cref="AnswerChunk"/>s together in <see cref="AnswerChunk.Sequence"/> order,
/// whatever order they arrive in. Not thread-safe: <see cref="AnswerStore"/> locks around it.
/// </summary>
/// <remarks>
/// <para>
/// Pieces before the next expected one are duplicates and ignored; so is a second copy of a piece
/// waiting beyond a gap. A piece beyond a gap waits until the gap fills.
/// </para>
/// <para>
/// A 0 after the answer has started means the text was delivered again and its answer is being
/// written anew (the contract's rule): everything held is dropped and the answer starts over. The one
/// exception is a 0 identical to the only piece held, which changes nothing either way. A copy of 0
/// that really was only a duplicate therefore costs the text received so far; the rest of it comes
/// again if it was replayed, and the whole answer comes with the result in any case.
/// </para>
/// </remarks>
public sealed class AnswerAssembly(Guid id, string model)
{
    // A bound on pieces held beyond a gap, against a stream whose first piece never comes.
    internal const int MaxWaitingPieces = 4096;

    private readonly StringBuilder _text = new();
    private readonly SortedDictionary<int, string> _waiting = [];
    private string? _firstPiece;
    private int _next;

    public Guid Id { get; } = id;

    /// <summary>The model named by the latest piece.</summary>
    public string Model { get; private set; } = model;

    /// <summary>The pieces from 0 on, in order, up to the first missing one.</summary>
    public string Text => _text.ToString();

    /// <summary>How many pieces wait beyond a gap.</summary>
    public int WaitingPieces => _waiting.Count;

    /// <summary>Takes in <paramref name="chunk"/>; false when it changed nothing (a duplicate, or out of bounds).</summary>
    public bool Add(AnswerChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Id != Id)
        {
            throw new ArgumentException($"The piece belongs to {chunk.Id}, not to {Id}.", nameof(chunk));
        }

        if (chunk.Sequence < 0)
        {
            return false;
        }

        if (chunk.Sequence == 0 && _next > 0)
        {
            if (_next == 1 && _waiting.Count == 0 && string.Equals(_firstPiece, chunk.Text, StringComparison.Ordinal))
            {
                return false;
            }

            StartOver();
        }

        if (chunk.Sequence < _next || _waiting.ContainsKey(chunk.Sequence))
        {
            return false;
        }

        Model = chunk.Model;
        if (chunk.Sequence > _next)
        {
            if (_waiting.Count >= MaxWaitingPieces)
            {
                return false;
            }

            _waiting.Add(chunk.Sequence, chunk.Text);
            return true;
        }

        Append(chunk.Text);
        while (_waiting.Remove(_next, out var following))
        {
            Append(following);
        }

        return true;
    }

    private void Append(string piece)
    {
        if (_next == 0)
        {
            _firstPiece = piece;
        }

        _text.Append(piece);
        _next++;
    }

    private void StartOver()
    {
        _text.Clear();
        _waiting.Clear();
        _firstPiece = null;
        _next = 0;
    }
}
