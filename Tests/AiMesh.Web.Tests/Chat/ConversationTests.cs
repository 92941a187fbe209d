using AiMesh.Web.Chat;
using AiMesh.Web.Feed;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Chat;

/// <summary>The conversation's state transitions: sending → accepted → streaming → complete, or sending → failed.</summary>
public sealed class ConversationTests
{
    private static readonly DateTimeOffset s_now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly Conversation _conversation = new();
    private long _revision;

    [Fact]
    public void ASentMessageShowsAtOnceAsSending()
    {
        var entry = _conversation.Send("hello", "llm", s_now);

        var shown = Assert.Single(_conversation.Entries);
        Assert.Equal(entry, shown);
        Assert.Equal(ChatEntryState.Sending, shown.State);
        Assert.Equal("hello", shown.Message);
        Assert.Equal("llm", shown.Model);
        Assert.Null(shown.Id);
    }

    [Fact]
    public void AnAcceptedMessageCarriesItsId()
    {
        var entry = _conversation.Send("hello", "llm", s_now);
        var id = Guid.NewGuid();

        Assert.True(_conversation.Accept(entry.Key, id));

        var shown = Assert.Single(_conversation.Entries);
        Assert.Equal(ChatEntryState.Accepted, shown.State);
        Assert.Equal(id, shown.Id);
    }

    [Fact]
    public void ARefusedMessageFailsWithTheReason()
    {
        var entry = _conversation.Send("hello", "llm", s_now);

        Assert.True(_conversation.Fail(entry.Key, "No API key is configured: set the AppHost's llm-api-key parameter"));

        var shown = Assert.Single(_conversation.Entries);
        Assert.Equal(ChatEntryState.Failed, shown.State);
        Assert.Equal("No API key is configured: set the AppHost's llm-api-key parameter", shown.Error);
        Assert.False(_conversation.Accept(entry.Key, Guid.NewGuid()));
    }

    [Fact]
    public void DraftsMakeAnAcceptedMessageStream()
    {
        var id = Accepted();

        Assert.True(_conversation.Stream(Draft(id, "Partitions ")));
        Assert.True(_conversation.Stream(Draft(id, "Partitions keep order")));

        var shown = Assert.Single(_conversation.Entries);
        Assert.Equal(ChatEntryState.Streaming, shown.State);
        Assert.Equal("Partitions keep order", shown.Answer);
    }

    [Fact]
    public void ARestartedAnswerShowsTheShorterNewText()
    {
        var id = Accepted();
        _conversation.Stream(Draft(id, "The first try went on"));

        Assert.True(_conversation.Stream(Draft(id, "The")));

        Assert.Equal("The", _conversation.Entries[0].Answer);
    }

    [Fact]
    public void AnOlderDraftDoesNotReplaceANewerOne()
    {
        var id = Accepted();
        var older = Draft(id, "a");
        var newer = Draft(id, "ab");

        _conversation.Stream(newer);

        Assert.False(_conversation.Stream(older));
        Assert.Equal("ab", _conversation.Entries[0].Answer);
    }

    [Fact]
    public void ADraftForAnotherIdChangesNothing()
    {
        Accepted();

        Assert.False(_conversation.Stream(Draft(Guid.NewGuid(), "someone else's")));
        Assert.Equal(ChatEntryState.Accepted, _conversation.Entries[0].State);
    }

    [Fact]
    public void TheResultCompletesTheEntryWithTheResultsAnswer()
    {
        var id = Accepted();
        _conversation.Stream(Draft(id, "Partitions keep ord"));
        var result = TestResults.Answer(id, "Partitions keep order.");

        Assert.True(_conversation.Complete(result));

        var shown = Assert.Single(_conversation.Entries);
        Assert.Equal(ChatEntryState.Complete, shown.State);
        Assert.Equal("Partitions keep order.", shown.Answer);
        Assert.Equal(result, shown.Result);
    }

    [Fact]
    public void ABuiltInModelsResultCompletesAnAcceptedEntryWithItsLabel()
    {
        var id = Accepted();
        var result = TestResults.Now("negative") with { Id = id };

        Assert.True(_conversation.Complete(result));

        var shown = Assert.Single(_conversation.Entries);
        Assert.Equal(ChatEntryState.Complete, shown.State);
        Assert.Equal("negative", shown.Result?.Label);
        Assert.Null(shown.Answer);
    }

    [Fact]
    public void NothingChangesACompleteEntry()
    {
        var id = Accepted();
        _conversation.Complete(TestResults.Answer(id, "final"));

        Assert.False(_conversation.Stream(Draft(id, "a replayed piece")));
        Assert.False(_conversation.Complete(TestResults.Answer(id, "again")));
        Assert.Equal("final", _conversation.Entries[0].Answer);
    }

    [Fact]
    public void AResultForAMessageStillBeingSentIsNotTakenYet()
    {
        _conversation.Send("hello", "llm", s_now);

        Assert.False(_conversation.Complete(TestResults.Answer(Guid.NewGuid(), "who asked?")));
        Assert.Equal(ChatEntryState.Sending, _conversation.Entries[0].State);
    }

    [Fact]
    public void OnlyTheLatestEntriesAreKept()
    {
        for (var i = 0; i < Conversation.MaxEntries + 5; i++)
        {
            _conversation.Send($"message {i}", null, s_now.AddSeconds(i));
        }

        Assert.Equal(Conversation.MaxEntries, _conversation.Entries.Count);
        Assert.Equal("message 5", _conversation.Entries[0].Message);
        Assert.Equal($"message {Conversation.MaxEntries + 4}", _conversation.Entries[^1].Message);
    }

    [Fact]
    public void ARestoredConversationSaysWhichResultsAreStillToCome()
    {
        var streaming = Guid.NewGuid();
        var accepted = Guid.NewGuid();
        var complete = Guid.NewGuid();
        ChatEntry[] saved =
        [
            Entry(ChatEntryState.Complete, complete),
            Entry(ChatEntryState.Streaming, streaming) with { Answer = "so far" },
            Entry(ChatEntryState.Accepted, accepted),
            Entry(ChatEntryState.Failed, null) with { Error = "refused" },
        ];

        var awaiting = _conversation.Restore(saved);

        Assert.Equal([streaming, accepted], awaiting);
        Assert.Equal(saved, _conversation.Entries);
    }

    [Fact]
    public void AMessageSavedWhileBeingSentIsRestoredAsFailed()
    {
        var awaiting = _conversation.Restore([Entry(ChatEntryState.Sending, null)]);

        Assert.Empty(awaiting);
        var shown = Assert.Single(_conversation.Entries);
        Assert.Equal(ChatEntryState.Failed, shown.State);
        Assert.Contains("reloaded", shown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyDraftOfThisProcessReplacesTheTextSavedBeforeAReload()
    {
        var id = Guid.NewGuid();
        _conversation.Restore([Entry(ChatEntryState.Streaming, id) with { Answer = "saved text, longer than the draft" }]);

        Assert.True(_conversation.Stream(new AnswerDraft(id, "llm", "new", 0, Revision: 1)));
        Assert.Equal("new", _conversation.Entries[0].Answer);
    }

    [Fact]
    public void TheEntriesAreASnapshotThatLaterChangesDoNotTouch()
    {
        var entry = _conversation.Send("hello", "llm", s_now);
        var before = _conversation.Entries;

        _conversation.Accept(entry.Key, Guid.NewGuid());

        Assert.Equal(ChatEntryState.Sending, before[0].State);
        Assert.Equal(ChatEntryState.Accepted, _conversation.Entries[0].State);
    }

    private Guid Accepted()
    {
        var entry = _conversation.Send("question", "llm", s_now);
        var id = Guid.NewGuid();
        _conversation.Accept(entry.Key, id);
        return id;
    }

    private AnswerDraft Draft(Guid id, string text) => new(id, "llm", text, 0, ++_revision);

    private static ChatEntry Entry(ChatEntryState state, Guid? id) =>
        new() { Key = Guid.NewGuid(), Message = "saved", Model = "llm", SentAt = s_now, State = state, Id = id };
}
