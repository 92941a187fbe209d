using System.Collections.Concurrent;
using AiMesh.Web.Feed;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Feed;

/// <summary>The answers feed against a real Kestrel WebSocket server standing in for Results' <c>/ws/answers</c>.</summary>
public sealed class AnswersFeedTests
{
    [Fact]
    public async Task PushedPiecesAreAssembledAndReachSubscribers()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        var drafts = Subscribe(host.Answers);
        await WaitUntilLiveAsync(host.Answers, results);

        var id = Guid.NewGuid();
        foreach (var piece in TestChunks.Pieces(id, "Partitions ", "keep ", "order."))
        {
            await results.PushAnswerAsync(piece).DefaultTimeout();
        }

        await AsyncTestHelpers.WaitUntilAsync(() => host.Answers.Find(id)?.Text == "Partitions keep order.");
        Assert.Equal(["Partitions ", "Partitions keep ", "Partitions keep order."], drafts.Select(draft => draft.Text));
    }

    [Fact]
    public async Task BothFeedsShareOneProcessButNotOneSocket()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Answers, results);
        await AsyncTestHelpers.WaitUntilAsync(() => host.Feed.Status == FeedStatus.Live && results.OpenSockets == 1);

        Assert.Equal(1, results.AnswerConnections);
        Assert.Equal(1, results.Connections);
    }

    [Fact]
    public async Task TheAnswersFeedReconnectsAfterTheServerDropsTheSocket()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        var statuses = new ConcurrentQueue<FeedStatus>();
        host.Answers.StatusChanged += statuses.Enqueue;
        await WaitUntilLiveAsync(host.Answers, results);

        results.DropAnswers();

        await AsyncTestHelpers.WaitUntilAsync(() => results.AnswerConnections == 2 && results.OpenAnswerSockets == 1);
        var id = Guid.NewGuid();
        await results.PushAnswerAsync(TestChunks.Piece(id, 0, "after")).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => host.Answers.Find(id) is not null);
        Assert.Contains(FeedStatus.Reconnecting, statuses);
        Assert.Equal(1, results.Connections);
    }

    [Fact]
    public async Task AMessageThatIsNotAPieceIsSkippedAndTheConnectionKept()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Answers, results);

        await results.PushRawAnswerAsync("not json").DefaultTimeout();
        var id = Guid.NewGuid();
        await results.PushAnswerAsync(TestChunks.Piece(id, 0, "fine")).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => host.Answers.Find(id) is not null);
        Assert.Equal(1, results.AnswerConnections);
    }

    [Fact]
    public async Task ADuplicatePieceIsNotAnnouncedAgain()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        var drafts = Subscribe(host.Answers);
        await WaitUntilLiveAsync(host.Answers, results);

        var id = Guid.NewGuid();
        var pieces = TestChunks.Pieces(id, "a", "b", "c");
        await results.PushAnswerAsync(pieces[0]).DefaultTimeout();
        await results.PushAnswerAsync(pieces[1]).DefaultTimeout();
        await results.PushAnswerAsync(pieces[1]).DefaultTimeout();
        await results.PushAnswerAsync(pieces[2]).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => host.Answers.Find(id)?.Text == "abc");
        Assert.Equal(3, drafts.Count);
    }

    private static ConcurrentQueue<AnswerDraft> Subscribe(AnswersFeed feed)
    {
        var drafts = new ConcurrentQueue<AnswerDraft>();
        feed.AnswerChanged += drafts.Enqueue;
        return drafts;
    }

    private static Task WaitUntilLiveAsync(AnswersFeed feed, FakeResultsServer results) =>
        AsyncTestHelpers.WaitUntilAsync(() => feed.Status == FeedStatus.Live && results.OpenAnswerSockets == 1);
}
