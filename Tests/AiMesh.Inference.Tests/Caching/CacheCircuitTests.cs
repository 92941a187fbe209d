using AiMesh.Inference.Caching;
using AiMesh.Inference.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiMesh.Inference.Tests.Caching;

/// <summary>The cache's circuit breaker, over a store the test takes away and brings back.</summary>
public sealed class CacheCircuitTests
{
    private static readonly CachedAnswer s_answer = new("positive", 0.9, "sentiment", "ai-a");
    private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(1);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_breaker_opens_once_the_configured_number_of_calls_have_failed()
    {
        var store = new FakeAnswerStore { Available = false };
        await using var harness = CacheHarness.Over(store, options => options.CacheBreakerFailures = 3);

        await harness.Cache.GetAsync("a", Cancellation).DefaultTimeout();
        await harness.Cache.SetAsync("a", s_answer, s_ttl, Cancellation).DefaultTimeout();
        Assert.False(harness.Circuit.IsOpen);

        await harness.Cache.GetAsync("b", Cancellation).DefaultTimeout();

        Assert.True(harness.Circuit.IsOpen);
        Assert.Equal("connection refused", harness.Circuit.OpenedBecause);
        var opened = Assert.Single(harness.Logs.For<CacheCircuit>(LogLevel.Warning));
        Assert.Contains("circuit breaker opened", opened.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", opened.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_within_the_sampling_window_keeps_the_breaker_closed_until_it_has_aged_out()
    {
        var time = new FakeTimeProvider();
        var store = new FakeAnswerStore();
        await using var harness = CacheHarness.Over(
            store,
            options =>
            {
                options.CacheBreakerFailures = 3;
                options.CacheBreakerSamplingDuration = TimeSpan.FromSeconds(2);
            },
            time);

        await harness.Cache.GetAsync("a", Cancellation).DefaultTimeout();
        time.Advance(TimeSpan.FromSeconds(1));
        store.Available = false;
        for (var i = 0; i < 3; i++)
        {
            await harness.Cache.GetAsync("a", Cancellation).DefaultTimeout();
        }

        Assert.False(harness.Circuit.IsOpen);

        // The success is now older than the window; the three failures are not.
        time.Advance(TimeSpan.FromSeconds(1.5));
        await harness.Cache.GetAsync("a", Cancellation).DefaultTimeout();

        Assert.True(harness.Circuit.IsOpen);
    }

    [Fact]
    public async Task Once_open_no_call_reaches_the_store_and_every_task_is_already_complete()
    {
        var store = new FakeAnswerStore();
        await using var harness = CacheHarness.Over(store);
        await OpenAsync(harness, store);
        using var metrics = harness.StartRecordingMetrics();
        var (gets, sets) = (store.Gets, store.Sets);

        // Even with the store back, no message is the one that finds out: only the probe asks.
        store.Available = true;
        for (var i = 0; i < 10; i++)
        {
            var get = harness.Cache.GetAsync("a", Cancellation);
            var set = harness.Cache.SetAsync("a", s_answer, s_ttl, Cancellation);

            Assert.True(get.IsCompletedSuccessfully);
            Assert.True(set.IsCompletedSuccessfully);
            Assert.Null(await get);
        }

        Assert.Equal((gets, sets), (store.Gets, store.Sets));
        Assert.Equal(10, metrics.Sum("aimesh.inference.cache.skipped", "operation", "read"));
        Assert.Equal(10, metrics.Sum("aimesh.inference.cache.skipped", "operation", "write"));
        Assert.Equal(0, metrics.Sum("aimesh.inference.failures"));
    }

    [Fact]
    public async Task The_probe_keeps_the_breaker_open_while_the_store_is_away_and_closes_it_when_the_store_answers()
    {
        var store = new FakeAnswerStore();
        await using var harness = CacheHarness.Over(store, options => options.CacheProbeInterval = TimeSpan.FromMilliseconds(20));
        await OpenAsync(harness, store);

        await AsyncTestHelpers.WaitUntilAsync(() => store.Pings >= 2);
        Assert.True(harness.Circuit.IsOpen);
        var (gets, sets) = (store.Gets, store.Sets);

        store.Available = true;
        await AsyncTestHelpers.WaitUntilAsync(() => !harness.Circuit.IsOpen);
        await harness.Cache.SetAsync("a", s_answer, s_ttl, Cancellation).DefaultTimeout();

        Assert.Equal(s_answer, await harness.Cache.GetAsync("a", Cancellation).DefaultTimeout());
        Assert.Equal((gets + 1, sets + 1), (store.Gets, store.Sets));
        Assert.Null(harness.Circuit.OpenedBecause);
        // Polly reports the closing once the state has changed, so the line may follow IsOpen by a moment.
        await AsyncTestHelpers.WaitUntilAsync(() => harness.Logs.For<CacheCircuit>(LogLevel.Information).Any());
        var closed = Assert.Single(harness.Logs.For<CacheCircuit>(LogLevel.Information));
        Assert.Contains("closed", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_breaker_that_opens_again_after_closing_is_probed_again()
    {
        var store = new FakeAnswerStore();
        await using var harness = CacheHarness.Over(store, options => options.CacheProbeInterval = TimeSpan.FromMilliseconds(20));

        for (var outage = 0; outage < 3; outage++)
        {
            await OpenAsync(harness, store);
            store.Available = true;
            await AsyncTestHelpers.WaitUntilAsync(() => !harness.Circuit.IsOpen);
        }

        Assert.Equal(3, harness.Logs.For<CacheCircuit>(LogLevel.Warning).Count);
        Assert.Equal(3, harness.Logs.For<CacheCircuit>(LogLevel.Information).Count);
    }

    [Fact]
    public async Task Disposing_the_circuit_stops_the_probe_and_leaves_callers_a_miss()
    {
        var store = new FakeAnswerStore();
        var harness = CacheHarness.Over(store, options => options.CacheProbeInterval = TimeSpan.FromMilliseconds(10));
        var cache = harness.Cache;
        var circuit = harness.Circuit;
        await OpenAsync(harness, store);
        await AsyncTestHelpers.WaitUntilAsync(() => store.Pings >= 1);

        await harness.DisposeAsync().DefaultTimeout();
        var pings = store.Pings;
        await Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation);

        Assert.Equal(pings, store.Pings);
        Assert.True(circuit.IsOpen);
        var get = cache.GetAsync("a", Cancellation);
        Assert.True(get.IsCompletedSuccessfully);
        Assert.Null(await get);
    }

    [Fact]
    public async Task The_callers_own_cancellation_goes_up_and_does_not_count_against_Redis()
    {
        var store = new FakeAnswerStore();
        await using var harness = CacheHarness.Over(store);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Cache.GetAsync("a", cancelled.Token)).DefaultTimeout();
        }

        Assert.False(harness.Circuit.IsOpen);
        Assert.Empty(harness.Logs.For<CircuitBreakingAnswerCache>(LogLevel.Warning));
    }

    private static async Task OpenAsync(CacheHarness harness, FakeAnswerStore store)
    {
        store.Available = false;
        while (!harness.Circuit.IsOpen)
        {
            await harness.Cache.GetAsync("a", Cancellation).DefaultTimeout();
        }
    }
}
