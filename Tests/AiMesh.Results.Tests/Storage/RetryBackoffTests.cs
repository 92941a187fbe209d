using AiMesh.Results.Storage;

namespace AiMesh.Results.Tests.Storage;

public sealed class RetryBackoffTests
{
    [Fact]
    public void EachDelayDoublesTheLastUntilTheCap()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.NextDelay().TotalMilliseconds).ToList();

        // Up to a fifth shorter at random: 100, 200, 400, 800, then the 1000 ms cap.
        double[] nominal = [100, 200, 400, 800, 1000, 1000, 1000, 1000];
        Assert.All(delays.Zip(nominal), pair => Assert.InRange(pair.First, pair.Second * 0.8, pair.Second));
        Assert.Equal(8, backoff.Failures);
    }

    [Fact]
    public void TheCapHoldsAfterAnyNumberOfFailures()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.NextDelay()).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(30)));
    }
}
