using AiMesh.Inference.Processing;

namespace AiMesh.Inference.Tests.Processing;

public sealed class RetryBackoffTests
{
    private readonly RetryBackoff _backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(8, 25_600)]
    public void Without_jitter_the_delay_doubles_per_attempt_from_the_base(int attempt, double expectedMilliseconds) =>
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
}
