using AiMesh.Web.Feed;

namespace AiMesh.Web.Tests.Feed;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void DelaysDoubleUpToTheCap()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3));

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.NextDelay().TotalMilliseconds).ToList();

        Assert.Equal([500, 1000, 2000, 3000, 3000, 3000], delays);
    }

    [Fact]
    public void ASuccessfulConnectionStartsOverFromTheInitialDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.NextDelay());
    }

    [Fact]
    public void ManyFailuresStayAtTheCapWithoutOverflowing()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(backoff.NextDelay() <= TimeSpan.FromSeconds(10));
        }
    }
}
