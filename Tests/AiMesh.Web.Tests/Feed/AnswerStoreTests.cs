using AiMesh.Web.Feed;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Feed;

public sealed class AnswerStoreTests
{
    [Fact]
    public void EachAnswerIsAssembledOnItsOwn()
    {
        var store = new AnswerStore(10);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        store.Add(TestChunks.Piece(first, 0, "one "));
        store.Add(TestChunks.Piece(second, 0, "two "));
        store.Add(TestChunks.Piece(first, 1, "done"));

        Assert.Equal("one done", store.Find(first)?.Text);
        Assert.Equal("two ", store.Find(second)?.Text);
        Assert.Null(store.Find(Guid.NewGuid()));
    }

    [Fact]
    public void APieceThatChangesNothingGivesNoDraft()
    {
        var store = new AnswerStore(10);
        var piece = TestChunks.Piece(Guid.NewGuid(), 0, "a");

        Assert.NotNull(store.Add(piece));
        Assert.Null(store.Add(piece));
    }

    [Fact]
    public void EveryChangeHasAHigherRevisionThanTheOneBefore()
    {
        var store = new AnswerStore(10);
        var id = Guid.NewGuid();

        var revisions = new[]
        {
            store.Add(TestChunks.Piece(id, 0, "a"))!.Revision,
            store.Add(TestChunks.Piece(Guid.NewGuid(), 0, "x"))!.Revision,
            store.Add(TestChunks.Piece(id, 1, "b"))!.Revision,
            store.Add(TestChunks.Piece(id, 0, "c"))!.Revision,
        };

        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(revisions.Length, revisions.Distinct().Count());
        Assert.Equal("c", store.Find(id)!.Text);
    }

    [Fact]
    public void AFullStoreDropsTheAnswerStartedLongestAgo()
    {
        var store = new AnswerStore(2);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();

        store.Add(TestChunks.Piece(ids[0], 0, "a"));
        store.Add(TestChunks.Piece(ids[1], 0, "b"));
        store.Add(TestChunks.Piece(ids[0], 1, "more"));
        store.Add(TestChunks.Piece(ids[2], 0, "c"));

        Assert.Null(store.Find(ids[0]));
        Assert.NotNull(store.Find(ids[1]));
        Assert.NotNull(store.Find(ids[2]));
    }

    [Fact]
    public void TheDraftCarriesTheModelAndThePiecesWaiting()
    {
        var store = new AnswerStore(10);
        var id = Guid.NewGuid();

        var draft = store.Add(TestChunks.Piece(id, 2, "later"));

        Assert.Equal(new AnswerDraft(id, "llm", "", 1, draft!.Revision), draft);
    }
}
