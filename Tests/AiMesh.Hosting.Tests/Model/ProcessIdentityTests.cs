using AiMesh.Hosting.Orchestration.Processes;

namespace AiMesh.Hosting.Tests.Model;

public sealed class ProcessIdentityTests
{
    // Fields 3 to 21 of /proc/PID/stat, then starttime (field 22) and a few more.
    private const string AfterCommand = "S 1 4242 4242 0 -1 4194560 1500 0 0 0 12 3 0 0 20 0 7 0 987654321 123456 789 18446744073709551615";

    [Theory]
    [InlineData("dotnet")]
    [InlineData("my server")]
    [InlineData("a) b (c")]
    [InlineData("))")]
    [InlineData("")]
    public void The_start_time_is_read_past_any_command_name(string command)
    {
        Assert.Equal(987654321L, ProcessIdentity.ParseStartTicks($"4242 ({command}) {AfterCommand}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("4242 (dotnet)")]
    [InlineData("4242 (dotnet) ")]
    [InlineData("4242 (dotnet) S 1 4242")]
    [InlineData("4242 (dotnet) S 1 4242 4242 0 -1 4194560 1500 0 0 0 12 3 0 0 20 0 7 0 -5 1")]
    [InlineData("4242 (dotnet) S 1 4242 4242 0 -1 4194560 1500 0 0 0 12 3 0 0 20 0 7 0 abc 1")]
    public void Short_or_garbled_input_gives_no_start_time(string stat)
    {
        Assert.Null(ProcessIdentity.ParseStartTicks(stat));
    }

    [Fact]
    public void The_current_process_is_named_by_its_pid_and_its_real_start_time()
    {
        var current = ProcessIdentity.Current;

        Assert.Equal(Environment.ProcessId, current.Pid);
        Assert.Equal(ProcessIdentity.ParseStartTicks(File.ReadAllText("/proc/self/stat")), current.StartTicks);
        Assert.True(current.StartTicks > 0);
        Assert.True(current.IsAlive);
        Assert.False((current with { StartTicks = current.StartTicks + 1 }).IsAlive);
    }
}
