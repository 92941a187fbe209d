using AiMesh.Inference.Caching;
using Microsoft.Extensions.Time.Testing;

namespace AiMesh.Inference.Tests.Caching;

public sealed class WarningThrottleTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_first_occurrence_is_logged_and_the_next_ones_within_the_interval_are_counted_instead()
    {
        var throttle = new WarningThrottle(s_interval, _time);

        Assert.True(throttle.ShouldLog(out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(throttle.ShouldLog(out _));
        }

        _time.Advance(s_interval);
        Assert.True(throttle.ShouldLog(out var held));
        Assert.Equal(5, held);
    }

    [Fact]
    public void Recovery_is_reported_once_and_the_next_failure_is_logged_at_once()
    {
        var throttle = new WarningThrottle(s_interval, _time);
        Assert.False(throttle.Recovered());

        Assert.True(throttle.ShouldLog(out _));
        Assert.True(throttle.Recovered());
        Assert.False(throttle.Recovered());

        Assert.True(throttle.ShouldLog(out var held));
        Assert.Equal(0, held);
    }
}
