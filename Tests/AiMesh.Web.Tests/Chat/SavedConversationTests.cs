using System.Text.Json;
using AiMesh.Web.Chat;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Chat;

/// <summary>What the tab keeps of the chat, as JSON.</summary>
public sealed class SavedConversationTests
{
    [Fact]
    public void AConversationReadsBackAsItWasSaved()
    {
        var id = Guid.NewGuid();
        var saved = new SavedConversation("llm",
        [
            new ChatEntry
            {
                Key = Guid.NewGuid(),
                Message = "Why do partitions keep order?",
                Model = "llm",
                SentAt = DateTimeOffset.UtcNow,
                State = ChatEntryState.Complete,
                Id = id,
                Answer = "Because…",
                Result = TestResults.Answer(id, "Because…"),
            },
            new ChatEntry { Key = Guid.NewGuid(), Message = "again", SentAt = DateTimeOffset.UtcNow, State = ChatEntryState.Failed, Error = "refused" },
        ]);

        var json = JsonSerializer.Serialize(saved, ChatJsonContext.Default.SavedConversation);
        var read = JsonSerializer.Deserialize(json, ChatJsonContext.Default.SavedConversation)!;

        Assert.Equal(saved.Model, read.Model);
        Assert.Equal(saved.Entries, read.Entries);
    }

    [Fact]
    public void StatesAreSavedByNameAndRevisionsNotAtAll()
    {
        var entry = new ChatEntry
        {
            Key = Guid.NewGuid(),
            Message = "hi",
            SentAt = DateTimeOffset.UtcNow,
            State = ChatEntryState.Streaming,
            Id = Guid.NewGuid(),
            AnswerRevision = 987_654_321,
        };

        var json = JsonSerializer.Serialize(new SavedConversation(null, [entry]), ChatJsonContext.Default.SavedConversation);

        Assert.Contains("\"state\":\"Streaming\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("987654321", json, StringComparison.Ordinal);
        Assert.Equal(0, JsonSerializer.Deserialize(json, ChatJsonContext.Default.SavedConversation)!.Entries[0].AnswerRevision);
    }

    [Fact]
    public void SomethingElseInStorageIsNotAConversation()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"entries":[{"message":"no key"}]}""", ChatJsonContext.Default.SavedConversation));
    }
}
