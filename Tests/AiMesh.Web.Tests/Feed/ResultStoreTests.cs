using AiMesh.Web.Feed;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Feed;

public sealed class ResultStoreTests
{
    [Fact]
    public void ResultsAreListedNewestFirstWhateverOrderTheyArriveIn()
    {
        var store = new ResultStore(10);
        var first = TestResults.At(1);
        var second = TestResults.At(2);
        var third = TestResults.At(3);

        store.Add(second);
        store.Add(third);
        store.Add(first);

        Assert.Equal([third, second, first], store.Latest());
    }

    [Fact]
    public void AResultDeliveredTwiceIsKeptOnce()
    {
        var store = new ResultStore(10);
        var result = TestResults.At(1);

        Assert.True(store.Add(result));
        Assert.False(store.Add(result));
        Assert.False(store.Add(result with { Label = "negative", CompletedAt = result.CompletedAt.AddSeconds(5) }));

        Assert.Equal([result], store.Latest());
    }

    [Fact]
    public void AFullStoreDropsItsOldestResult()
    {
        var store = new ResultStore(3);
        var results = Enumerable.Range(1, 4).Select(second => TestResults.At(second)).ToList();

        foreach (var result in results)
        {
            store.Add(result);
        }

        Assert.Equal([results[3], results[2], results[1]], store.Latest());
        Assert.Null(store.Find(results[0].Id));
    }

    [Fact]
    public void AFullStoreRefusesAResultOlderThanEverythingItHolds()
    {
        var store = new ResultStore(2);
        store.Add(TestResults.At(5));
        store.Add(TestResults.At(6));

        Assert.False(store.Add(TestResults.At(1)));
        Assert.Equal(2, store.Latest().Count);
    }

    [Fact]
    public void AResultPushedOutDoesNotComeBackWhenDeliveredAgain()
    {
        var store = new ResultStore(2);
        var oldest = TestResults.At(1);
        store.Add(oldest);
        store.Add(TestResults.At(2));
        store.Add(TestResults.At(3));

        Assert.False(store.Add(oldest));
        Assert.DoesNotContain(oldest, store.Latest());
    }

    [Fact]
    public void ResultsCompletedAtTheSameMomentAreAllKept()
    {
        var store = new ResultStore(10);
        var results = Enumerable.Range(0, 5).Select(_ => TestResults.At(1)).ToList();

        foreach (var result in results)
        {
            Assert.True(store.Add(result));
        }

        Assert.Equal(5, store.Latest().Count);
    }

    [Fact]
    public void FindReturnsAHeldResultById()
    {
        var store = new ResultStore(10);
        var result = TestResults.At(1);
        store.Add(result);

        Assert.Same(result, store.Find(result.Id));
        Assert.Null(store.Find(Guid.NewGuid()));
    }

    [Fact]
    public void ASnapshotDoesNotChangeWhenResultsArriveLater()
    {
        var store = new ResultStore(10);
        store.Add(TestResults.At(1));
        var snapshot = store.Latest();

        store.Add(TestResults.At(2));

        Assert.Single(snapshot);
        Assert.Equal(2, store.Latest().Count);
    }

    [Fact]
    public async Task ConcurrentWritersKeepEveryIdOnceAndTheCapacity()
    {
        var store = new ResultStore(100);
        var results = Enumerable.Range(0, 400).Select(second => TestResults.At(second)).ToList();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            foreach (var result in results)
            {
                store.Add(result);
            }
        }))).DefaultTimeout();

        var latest = store.Latest();
        Assert.Equal(results.AsEnumerable().Reverse().Take(100), latest);
    }
}
