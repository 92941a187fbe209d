using AiMesh.Contracts;
using AiMesh.Web.Feed;

namespace AiMesh.Web.Chat;

/// <summary>
/// The messages of one chat and their answers, oldest first, at most <see cref="MaxEntries"/>, and the
/// one place their state changes: sending → accepted → streaming → complete, or sending → failed.
/// Thread-safe: answers and results arrive on the feeds' threads.
/// </summary>
/// <remarks>Every change returns whether anything changed, so callers re-render only when it did.</remarks>
public sealed class Conversation
{
    /// <summary>How many entries are kept (the oldest go first): the conversation is saved in the tab whole.</summary>
    public const int MaxEntries = 50;

    private readonly Lock _lock = new();
    private readonly List<ChatEntry> _entries = [];
    private ChatEntry[]? _snapshot = [];

    /// <summary>The entries, oldest first; an immutable copy, rebuilt only after a change.</summary>
    public IReadOnlyList<ChatEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return _snapshot ??= [.. _entries];
            }
        }
    }

    /// <summary>Adds <paramref name="message"/> as being sent to <paramref name="model"/> (null: Ingest's default).</summary>
    public ChatEntry Send(string message, string? model, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(message);

        var entry = new ChatEntry { Key = Guid.NewGuid(), Message = message, Model = model, SentAt = sentAt };
        lock (_lock)
        {
            _entries.Add(entry);
            if (_entries.Count > MaxEntries)
            {
                _entries.RemoveRange(0, _entries.Count - MaxEntries);
            }

            _snapshot = null;
        }

        return entry;
    }

    /// <summary>
    /// Ingest accepted the entry <paramref name="key"/> as <paramref name="id"/>; or, with
    /// <paramref name="unconfirmed"/> saying why, could not confirm it but may process it as that id.
    /// </summary>
    public bool Accept(Guid key, Guid id, string? unconfirmed = null) =>
        Change(
            entry => entry.Key == key && entry.State == ChatEntryState.Sending,
            entry => entry with { State = ChatEntryState.Accepted, Id = id, Unconfirmed = unconfirmed });

    /// <summary>The entry <paramref name="key"/> will get no answer, because of <paramref name="error"/>.</summary>
    public bool Fail(Guid key, string error) =>
        Change(
            entry => entry.Key == key && entry.State == ChatEntryState.Sending,
            entry => entry with { State = ChatEntryState.Failed, Error = error });

    /// <summary>
    /// A newer draft of an LLM answer: its entry shows the text so far. A draft older than the one
    /// shown (two threads raced) and any draft after the result are ignored.
    /// </summary>
    public bool Stream(AnswerDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);

        return Change(
            entry => entry.Id == draft.Id && entry.IsAwaitingResult && draft.Revision > entry.AnswerRevision,
            entry => entry with { State = ChatEntryState.Streaming, Answer = draft.Text, AnswerRevision = draft.Revision });
    }

    /// <summary>The result arrived: the entry is complete, and an LLM's final text is the result's answer.</summary>
    public bool Complete(InferenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        return Change(
            entry => entry.Id == result.Id && entry.IsAwaitingResult,
            entry => entry with { State = ChatEntryState.Complete, Result = result, Answer = result.Answer });
    }

    /// <summary>
    /// Replaces the entries with <paramref name="saved"/> ones, from before a reload, and returns the ids
    /// whose results are still to come. An entry saved while being sent is failed: whether Ingest took
    /// it is unknown, and it has no id to wait for.
    /// </summary>
    public IReadOnlyList<Guid> Restore(IEnumerable<ChatEntry> saved)
    {
        ArgumentNullException.ThrowIfNull(saved);

        lock (_lock)
        {
            _entries.Clear();
            foreach (var entry in saved.TakeLast(MaxEntries))
            {
                _entries.Add(entry.State == ChatEntryState.Sending
                    ? entry with { State = ChatEntryState.Failed, Error = "The page was reloaded before Ingest answered; the message may or may not have been accepted." }
                    : entry);
            }

            _snapshot = null;
            return [.. _entries.Where(entry => entry.IsAwaitingResult).Select(entry => entry.Id!.Value)];
        }
    }

    private bool Change(Func<ChatEntry, bool> applies, Func<ChatEntry, ChatEntry> change)
    {
        lock (_lock)
        {
            var index = _entries.FindIndex(entry => applies(entry));
            if (index < 0)
            {
                return false;
            }

            _entries[index] = change(_entries[index]);
            _snapshot = null;
            return true;
        }
    }
}
