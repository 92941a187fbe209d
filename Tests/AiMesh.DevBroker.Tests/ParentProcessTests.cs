using AiMesh.Shared;

namespace AiMesh.DevBroker.Tests;

public sealed class ParentProcessTests
{
    private static readonly ParentProcess s_parent = new(Pid: 4242, StartTime: 1000);

    [Fact]
    public void The_same_start_time_and_a_running_state_mean_the_parent_lives()
    {
        Assert.False(s_parent.HasExited(new ProcessStat('S', 1000)));
    }

    [Fact]
    public void A_missing_pid_means_the_parent_exited()
    {
        Assert.True(s_parent.HasExited(current: null));
    }

    [Fact]
    public void A_reused_pid_with_another_start_time_means_the_parent_exited()
    {
        Assert.True(s_parent.HasExited(new ProcessStat('S', 2000)));
    }

    [Fact]
    public void An_unreaped_zombie_parent_counts_as_exited()
    {
        Assert.True(s_parent.HasExited(new ProcessStat('Z', 1000)));
    }

    [Fact]
    public void Attaching_to_a_pid_that_does_not_exist_fails()
    {
        Assert.False(ParentProcess.TryAttach(int.MaxValue, out var parent));
        Assert.Null(parent);
    }
}
