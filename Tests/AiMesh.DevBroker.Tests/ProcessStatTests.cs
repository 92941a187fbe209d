using AiMesh.Shared;
using System.Diagnostics;

namespace AiMesh.DevBroker.Tests;

public sealed class ProcessStatTests
{
    // Shaped like a real line of a sleeping `sleep`; start time (field 22) is 123456789.
    private const string SleepStat =
        "4242 (sleep) S 4241 4242 4241 34816 4242 4194304 98 0 0 0 0 0 0 0 20 0 1 0 123456789 5816320 233 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    [Fact]
    public void State_and_start_time_are_read_from_fields_3_and_22()
    {
        Assert.True(ProcessStat.TryParse(SleepStat, out var stat));

        Assert.Equal(new ProcessStat('S', 123456789), stat);
        Assert.True(stat.IsRunning);
    }

    [Theory]
    [InlineData("evil) S 1 2 (name")]
    [InlineData("a b ) (c")]
    [InlineData(")")]
    [InlineData("((")]
    public void A_command_name_with_spaces_and_parentheses_does_not_shift_the_fields(string comm)
    {
        var line = SleepStat.Replace("(sleep)", $"({comm})", StringComparison.Ordinal);

        Assert.True(ProcessStat.TryParse(line, out var stat));

        Assert.Equal(new ProcessStat('S', 123456789), stat);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 sleep S 1")]
    [InlineData("4242 (sleep) S 4241 4242")]
    [InlineData("4242 (sleep) S 4241 4242 4241 34816 4242 4194304 98 0 0 0 0 0 0 0 20 0 1 0 not-a-number 1")]
    public void Lines_that_are_not_stat_lines_are_rejected(string line)
    {
        Assert.False(ProcessStat.TryParse(line, out _));
    }

    [Theory]
    [InlineData('Z', false)]
    [InlineData('X', false)]
    [InlineData('R', true)]
    [InlineData('D', true)]
    [InlineData('T', true)]
    public void Zombies_and_dead_processes_do_not_count_as_running(char state, bool running)
    {
        Assert.Equal(running, new ProcessStat(state, 1).IsRunning);
    }

    [Fact]
    public void The_test_process_can_read_its_own_stat()
    {
        var stat = ProcessStat.TryRead(Environment.ProcessId);

        Assert.NotNull(stat);
        Assert.True(stat.Value.IsRunning);
        Assert.True(stat.Value.StartTime > 0);
    }

    [Fact]
    public void A_pid_that_does_not_exist_reads_as_null()
    {
        // Above the kernel's pid_max (at most 2^22), so never a live process.
        Assert.Null(ProcessStat.TryRead(int.MaxValue));
    }

    [Fact]
    public void A_live_child_can_be_attached_to_and_has_not_exited()
    {
        using var child = Process.Start("sleep", ["30"]);
        try
        {
            Assert.True(ParentProcess.TryAttach(child.Id, out var parent));
            Assert.False(parent.HasExited());
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }
}
