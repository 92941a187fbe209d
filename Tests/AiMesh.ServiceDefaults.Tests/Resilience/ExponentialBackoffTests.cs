using AiMesh.ServiceDefaults.Resilience;

namespace AiMesh.ServiceDefaults.Tests.Resilience;

public sealed class ExponentialBackoffTests
{
    private readonly ExponentialBackoff _backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(8, 25_600)]
    public void Without_jitter_the_delay_doubles_per_attempt_from_the_initial_one(int attempt, double expectedMilliseconds) =>
        Assert.Equal(expectedMilliseconds, _backoff.DelayAfter(attempt, random: 0.5).TotalMilliseconds, precision: 6);

    [Theory]
    [InlineData(9)]
    [InlineData(50)]
    [InlineData(int.MaxValue)]
    public void The_delay_never_passes_the_cap(int attempt)
    {
        Assert.Equal(TimeSpan.FromSeconds(30), _backoff.DelayAfter(attempt, random: 0.999));
        Assert.Equal(TimeSpan.FromSeconds(24), _backoff.DelayAfter(attempt, random: 0));
    }

    [Fact]
    public void Jitter_spreads_the_delay_by_a_fifth_either_way()
    {
        Assert.Equal(160, _backoff.DelayAfter(1, random: 0).TotalMilliseconds, precision: 6);
        Assert.Equal(240, _backoff.DelayAfter(1, random: 1).TotalMilliseconds, precision: 6);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.InRange(_backoff.DelayAfter(1).TotalMilliseconds, 160, 240));
    }

    [Fact]
    public void Attempts_count_from_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _backoff.DelayAfter(0, random: 0.5));

    [Fact]
    public void NextDelay_counts_failures_and_doubles_up_to_the_cap()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3), jitter: 0);

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.NextDelay().TotalMilliseconds).ToList();

        Assert.Equal([500, 1000, 2000, 3000, 3000, 3000], delays);
        Assert.Equal(6, backoff.Failures);
    }

    [Fact]
    public void Reset_starts_over_from_the_initial_delay()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), jitter: 0);
        backoff.NextDelay();
        backoff.NextDelay();

        backoff.Reset();

        Assert.Equal(0, backoff.Failures);
        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.NextDelay());
    }

    [Fact]
    public void Many_failures_stay_at_the_cap_without_overflowing()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        var delays = Enumerable.Range(0, 1000).Select(_ => backoff.NextDelay()).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(10)));
    }
}
