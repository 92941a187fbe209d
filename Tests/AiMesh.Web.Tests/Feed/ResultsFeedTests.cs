using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AiMesh.Contracts;
using AiMesh.Web.Feed;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Feed;

/// <summary>The feed against a real Kestrel WebSocket server standing in for Results.</summary>
public sealed class ResultsFeedTests
{
    [Fact]
    public async Task APushedResultReachesTheStoreAndSubscribers()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        var received = Subscribe(host.Feed);
        await WaitUntilLiveAsync(host.Feed, results);

        var result = TestResults.Now();
        await results.PushAsync(result).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => received.Contains(result));
        Assert.Equal(result, host.Feed.Find(result.Id));
        Assert.Equal(result, host.Feed.Latest[0]);
    }

    [Fact]
    public async Task OneWebSocketServesTheWholeProcess()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Feed, results);

        var subscribers = Enumerable.Range(0, 3).Select(_ => Subscribe(host.Feed)).ToList();
        var result = TestResults.Now();
        await results.PushAsync(result).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => subscribers.All(received => received.Contains(result)));
        Assert.Equal(1, results.Connections);
    }

    [Fact]
    public async Task TheLatestResultsAreFetchedOverHttpOnConnect()
    {
        await using var results = await FakeResultsServer.StartAsync();
        var stored = Enumerable.Range(1, 3).Select(second => TestResults.At(second)).ToArray();
        results.Store(stored);

        await using var host = await FeedHost.StartAsync(results.Address);

        await AsyncTestHelpers.WaitUntilAsync(() => host.Feed.Latest.Count == 3);
        Assert.Equal(stored.Reverse(), host.Feed.Latest);
    }

    [Fact]
    public async Task TheFeedReconnectsAfterTheServerDropsTheSocket()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Feed, results);

        results.DropAll();

        await AsyncTestHelpers.WaitUntilAsync(() => results.Connections == 2 && results.OpenSockets == 1);
        var afterReconnect = TestResults.Now();
        await results.PushAsync(afterReconnect).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => host.Feed.Find(afterReconnect.Id) is not null);
        Assert.Equal(FeedStatus.Live, host.Feed.Status);
    }

    [Fact]
    public async Task TheFeedReconnectsAfterTheServerClosesTheSocket()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Feed, results);

        await results.CloseAllAsync().DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => results.Connections == 2 && results.OpenSockets == 1);
    }

    [Fact]
    public async Task ResultsMissedWhileDisconnectedAreFilledInAfterTheReconnect()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Feed, results);
        var received = Subscribe(host.Feed);

        // Stored but never pushed: only the gap fill after the reconnect can bring it.
        var missed = TestResults.Now();
        results.Store(missed);
        results.DropAll();

        await AsyncTestHelpers.WaitUntilAsync(() => host.Feed.Find(missed.Id) is not null);
        Assert.True(results.LatestRequests >= 2);
        Assert.Contains(missed, received);
    }

    [Fact]
    public async Task AResultDeliveredByBothTheSocketAndTheGapFillIsAnnouncedOnce()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Feed, results);
        var received = Subscribe(host.Feed);

        // Twice on the socket; the marker behind them says both have been handled.
        var result = TestResults.Now();
        var marker = TestResults.Now();
        await results.PushAsync(result).DefaultTimeout();
        await results.PushAsync(result).DefaultTimeout();
        await results.PushAsync(marker).DefaultTimeout();
        await AsyncTestHelpers.WaitUntilAsync(() => received.Contains(marker));

        // Then again from the gap fill after a reconnect. The gap fill hands results over newest
        // first, so once this older, HTTP-only one is in, the whole fill has been handled.
        var oldestInFill = TestResults.At(1);
        results.Store(oldestInFill);
        results.DropAll();
        await AsyncTestHelpers.WaitUntilAsync(() => received.Contains(oldestInFill));

        Assert.Single(received, candidate => candidate.Id == result.Id);
    }

    [Fact]
    public async Task AMessageThatIsNotAResultIsSkippedAndTheConnectionKept()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Feed, results);

        await results.PushRawAsync("this is not json").DefaultTimeout();
        var result = TestResults.Now();
        await results.PushAsync(result).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => host.Feed.Find(result.Id) is not null);
        Assert.Equal(1, results.Connections);
    }

    [Fact]
    public async Task AFailingSubscriberDoesNotStopTheOthers()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address);
        await WaitUntilLiveAsync(host.Feed, results);
        host.Feed.ResultReceived += _ => throw new InvalidOperationException("a broken page");
        var received = Subscribe(host.Feed);

        var first = TestResults.Now();
        var second = TestResults.Now();
        await results.PushAsync(first).DefaultTimeout();
        await results.PushAsync(second).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => received.Contains(first) && received.Contains(second));
        Assert.Equal(1, results.Connections);
    }

    [Fact]
    public async Task TheFeedReportsReconnectingWhileResultsIsAway()
    {
        await using var results = await FakeResultsServer.StartAsync();
        var statuses = new ConcurrentQueue<FeedStatus>();
        await using var host = await FeedHost.StartAsync(results.Address);
        host.Feed.StatusChanged += statuses.Enqueue;
        await WaitUntilLiveAsync(host.Feed, results);

        results.DropAll();

        await AsyncTestHelpers.WaitUntilAsync(() => statuses.Contains(FeedStatus.Reconnecting) && host.Feed.Status == FeedStatus.Live);
    }

    [Fact]
    public async Task TheStoreKeepsOnlyTheConfiguredNumberOfResults()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync(results.Address, capacity: 3);
        await WaitUntilLiveAsync(host.Feed, results);

        var pushed = Enumerable.Range(1, 5).Select(second => TestResults.At(second)).ToList();
        foreach (var result in pushed)
        {
            await results.PushAsync(result).DefaultTimeout();
        }

        await AsyncTestHelpers.WaitUntilAsync(() => host.Feed.Find(pushed[^1].Id) is not null);
        Assert.Equal([pushed[4], pushed[3], pushed[2]], host.Feed.Latest);
    }

    [Fact]
    public async Task TheFeedKeepsRetryingWhileResultsRefusesConnections()
    {
        await using var host = await FeedHost.StartAsync(ClosedPortAddress());

        await AsyncTestHelpers.WaitUntilAsync(() => host.Feed.Status == FeedStatus.Reconnecting);
        Assert.Empty(host.Feed.Latest);
    }

    [Fact]
    public async Task AReconnectMovesOnToTheNextReplica()
    {
        await using var results = await FakeResultsServer.StartAsync();
        await using var host = await FeedHost.StartAsync([ClosedPortAddress(), results.Address]);

        await WaitUntilLiveAsync(host.Feed, results);
        var result = TestResults.Now();
        await results.PushAsync(result).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => host.Feed.Find(result.Id) is not null);
    }

    private static Uri ClosedPortAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private static ConcurrentQueue<InferenceResult> Subscribe(ResultsFeed feed)
    {
        var received = new ConcurrentQueue<InferenceResult>();
        feed.ResultReceived += received.Enqueue;
        return received;
    }

    private static Task WaitUntilLiveAsync(ResultsFeed feed, FakeResultsServer results) =>
        AsyncTestHelpers.WaitUntilAsync(() => feed.Status == FeedStatus.Live && results.OpenSockets == 1 && results.LatestRequests >= 1);
}
