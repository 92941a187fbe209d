using AiMesh.Hosting.Orchestration;

namespace AiMesh.Hosting.Tests.Model;

public sealed class RestartBackoffTests
{
    [Fact]
    public void Each_crash_in_a_row_doubles_the_delay_up_to_the_cap()
    {
        var backoff = new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next(lastRunWasHealthy: false).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
    }

    [Fact]
    public void A_run_that_reached_healthy_resets_the_delay()
    {
        var backoff = new RestartBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        backoff.Next(false);
        backoff.Next(false);
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next(false));

        Assert.Equal(TimeSpan.FromMilliseconds(250), backoff.Next(lastRunWasHealthy: true));
        Assert.Equal(TimeSpan.FromMilliseconds(500), backoff.Next(lastRunWasHealthy: false));
    }

    [Fact]
    public void The_first_restart_uses_the_initial_delay_even_after_a_healthy_run()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)).Next(lastRunWasHealthy: true));
    }
}
