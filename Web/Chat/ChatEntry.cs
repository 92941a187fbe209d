using System.Text.Json.Serialization;
using AiMesh.Contracts;

namespace AiMesh.Web.Chat;

/// <summary>One message of the conversation and what came back for it. Immutable: <see cref="Conversation"/> replaces it.</summary>
public sealed record ChatEntry
{
    /// <summary>The page's own key for the entry, known before Ingest gives an id (and when it never does).</summary>
    public required Guid Key { get; init; }

    /// <summary>The text as the person sent it.</summary>
    public required string Message { get; init; }

    /// <summary>The model asked; null for Ingest's default.</summary>
    public string? Model { get; init; }

    /// <summary>When it was sent.</summary>
    public required DateTimeOffset SentAt { get; init; }

    public ChatEntryState State { get; init; } = ChatEntryState.Sending;

    /// <summary>The id Ingest accepted it with.</summary>
    public Guid? Id { get; init; }

    /// <summary>The LLM answer so far while streaming; the result's whole answer once complete.</summary>
    public string? Answer { get; init; }

    /// <summary>
    /// The <see cref="Feed.AnswerDraft.Revision"/> <see cref="Answer"/> came from. Not saved: revisions
    /// belong to one Web process, and after a reload any draft the process holds is newer than the saved text.
    /// </summary>
    [JsonIgnore]
    public long AnswerRevision { get; init; }

    /// <summary>The result, once it arrived.</summary>
    public InferenceResult? Result { get; init; }

    /// <summary>Why it failed, for the person: usually Ingest's problem detail.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Why Ingest could not confirm it took the message (its 504 detail); its answer may still come as
    /// <see cref="Id"/>. Null when Ingest accepted it.
    /// </summary>
    public string? Unconfirmed { get; init; }

    /// <summary>Whether an id is known and the result is still to come.</summary>
    [JsonIgnore]
    public bool IsAwaitingResult => Id is not null && State is ChatEntryState.Accepted or ChatEntryState.Streaming;
}
