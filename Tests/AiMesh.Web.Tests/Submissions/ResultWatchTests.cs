using System.Net;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Web.Clients;
using AiMesh.Web.Feed;
using AiMesh.Web.Submissions;
using AiMesh.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiMesh.Web.Tests.Submissions;

public sealed class ResultWatchTests
{
    private static readonly ResultWaitOptions s_feedOnly = new() { FallbackDelay = TimeSpan.FromDays(1) };
    private static readonly ResultWaitOptions s_quickFallback = new()
    {
        FallbackDelay = TimeSpan.FromMilliseconds(10),
        MaxFallbackInterval = TimeSpan.FromMilliseconds(20),
    };

    private readonly ResultsFeed _feed = CreateIdleFeed();

    [Fact]
    public async Task AResultThatArrivesBeforeIngestAnswersIsNotMissed()
    {
        var mine = TestResults.Now();
        using var watch = Watch(s_feedOnly, NeverCalled());

        _feed.Accept([mine]);
        var result = await watch.WaitForAsync(mine.Id, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(mine, result);
    }

    [Fact]
    public async Task AResultThatArrivesWhileWaitingIsReturned()
    {
        var mine = TestResults.Now();
        using var watch = Watch(s_feedOnly, NeverCalled());

        var waiting = watch.WaitForAsync(mine.Id, TestContext.Current.CancellationToken);
        _feed.Accept([TestResults.Now()]);
        Assert.False(waiting.IsCompleted);
        _feed.Accept([mine]);

        Assert.Equal(mine, await waiting.DefaultTimeout());
    }

    [Fact]
    public async Task AResultTheFeedAlreadyHoldsIsReturned()
    {
        var mine = TestResults.Now();
        _feed.Accept([mine]);
        using var watch = Watch(s_feedOnly, NeverCalled());

        Assert.Equal(mine, await watch.WaitForAsync(mine.Id, TestContext.Current.CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task WhenTheFeedMissesTheResultResultsIsAskedUntilItHasIt()
    {
        var mine = TestResults.Now();
        var asks = 0;
        var handler = new FakeHttpHandler(_ => Interlocked.Increment(ref asks) < 3
            ? FakeHttpHandler.Json(HttpStatusCode.NotFound, """{"status":404,"title":"Not Found"}""", "application/problem+json")
            : FakeHttpHandler.Json(HttpStatusCode.OK, JsonSerializer.Serialize(mine, ContractsJsonContext.Default.InferenceResult)));
        using var watch = Watch(s_quickFallback, handler);

        var result = await watch.WaitForAsync(mine.Id, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(mine, result);
        Assert.Equal(3, asks);
        Assert.All(handler.Requests, request => Assert.Equal($"/api/results/{mine.Id}", request.Uri.AbsolutePath));
    }

    [Fact]
    public async Task AFailedAskIsRetriedLater()
    {
        var mine = TestResults.Now();
        var asks = 0;
        var handler = new FakeHttpHandler(_ => Interlocked.Increment(ref asks) == 1
            ? throw new HttpRequestException("connection refused")
            : FakeHttpHandler.Json(HttpStatusCode.OK, JsonSerializer.Serialize(mine, ContractsJsonContext.Default.InferenceResult)));
        using var watch = Watch(s_quickFallback, handler);

        Assert.Equal(mine, await watch.WaitForAsync(mine.Id, TestContext.Current.CancellationToken).DefaultTimeout());
        Assert.Equal(2, asks);
    }

    [Fact]
    public async Task DisposingTheWatchEndsTheWait()
    {
        var watch = Watch(s_feedOnly, NeverCalled());
        var waiting = watch.WaitForAsync(Guid.NewGuid(), TestContext.Current.CancellationToken);

        watch.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).DefaultTimeout();
    }

    [Fact]
    public async Task CancellingEndsTheWait()
    {
        using var watch = Watch(s_feedOnly, NeverCalled());
        using var cancellation = new CancellationTokenSource();
        var waiting = watch.WaitForAsync(Guid.NewGuid(), cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).DefaultTimeout();
    }

    [Fact]
    public async Task AWatchWaitsForOneIdOnly()
    {
        var mine = TestResults.Now();
        _feed.Accept([mine]);
        using var watch = Watch(s_feedOnly, NeverCalled());
        await watch.WaitForAsync(mine.Id, TestContext.Current.CancellationToken).DefaultTimeout();

        await Assert.ThrowsAsync<InvalidOperationException>(() => watch.WaitForAsync(mine.Id, TestContext.Current.CancellationToken)).DefaultTimeout();
    }

    [Fact]
    public void ADisposedWatchNoLongerListensToTheFeed()
    {
        var watch = Watch(s_feedOnly, NeverCalled());
        Assert.Equal(1, _feed.ResultSubscribers);

        watch.Dispose();

        // The feed would call a forgotten handler for every result, for as long as the process lives.
        Assert.Equal(0, _feed.ResultSubscribers);
    }

    private ResultWatch Watch(ResultWaitOptions options, FakeHttpHandler handler) =>
        new(_feed, new ResultsClient(handler.CreateClient("http://results")), options, NullLogger.Instance);

    private static FakeHttpHandler NeverCalled() =>
        new(request => throw new InvalidOperationException($"The feed alone should have answered, yet {request.RequestUri} was asked."));

    /// <summary>A feed that is never started: the tests hand it results through <see cref="ResultsFeed.Accept"/>.</summary>
    private static ResultsFeed CreateIdleFeed()
    {
        var options = Options.Create(new ResultsFeedOptions());
        return new ResultsFeed(
            ServiceDiscovery.Resolver([]),
            new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(),
            options,
            NullLogger<ResultsFeed>.Instance);
    }
}
