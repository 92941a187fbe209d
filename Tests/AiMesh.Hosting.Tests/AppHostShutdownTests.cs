using AiMesh.Hosting.Orchestration.Processes;

namespace AiMesh.Hosting.Tests;

/// <summary>The AiMesh AppHost as a process: how it stops, and how it cleans up after a crash.</summary>
public sealed class AppHostShutdownTests : IDisposable
{
    // The dev broker, redis-server and postgres, then ai ×4, results, ingest, inference ×4 and web;
    // the database and the parameters are not processes.
    private const int AllProcesses = 3 + 4 + 1 + 1 + 4 + 1;

    private readonly List<ProcessIdentity> _leftovers = [];
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "aimesh-tests", "apphost-" + Guid.NewGuid().ToString("N")[..8]);

    [Theory]
    [InlineData("SIGINT")]
    [InlineData("SIGTERM")]
    public async Task A_stop_signal_stops_every_resource_within_15_seconds_and_leaves_nothing(string signalName)
    {
        var signal = signalName == "SIGINT" ? UnixSignal.Int : UnixSignal.Term;
        await using var appHost = AppHostProcess.Start(_stateDirectory);
        var status = await appHost.WaitUntilHealthyAsync().DefaultTimeout(TimeSpan.FromSeconds(100));
        var processes = AppHostProcess.Processes(status);
        Assert.Equal(AllProcesses, processes.Count);
        Assert.All(processes, p => Assert.True(p.IsAlive));
        await AppHostProcess.WaitForInferenceGroupAsync(status, partitions: 8).DefaultTimeout(TimeSpan.FromSeconds(100));

        appHost.Signal(signal);
        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(15)).DefaultTimeout(TimeSpan.FromSeconds(20));

        Assert.Equal(0, exitCode);
        Assert.All(processes, p => Assert.False(p.IsAlive, $"pid {p.Pid} outlived the AppHost"));
        Assert.False(File.Exists(Path.Combine(_stateDirectory, "processes.json")));
        Assert.Contains("Stopped.", appHost.Output, StringComparison.Ordinal);
        // Ordered shutdown: the database server stopped because the AppHost asked, not because of the terminal.
        Assert.Contains("fast shutdown request", appHost.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_start_stops_what_an_AppHost_killed_with_SIGKILL_left_running()
    {
        IReadOnlyList<ProcessIdentity> leftovers;
        await using (var crashed = AppHostProcess.Start(_stateDirectory))
        {
            leftovers = AppHostProcess.Processes(await crashed.WaitUntilHealthyAsync().DefaultTimeout(TimeSpan.FromSeconds(100)));
            NativeMethods.Kill(crashed.Pid, (int)UnixSignal.Kill);
            await crashed.WaitForExitAsync(TimeSpan.FromSeconds(10)).DefaultTimeout();
        }

        _leftovers.AddRange(leftovers);

        // Nothing stopped them: the services, Redis and PostgreSQL run on, while the dev broker, which
        // watches its parent, ends by itself within a second or two.
        await AsyncTestHelpers.WaitUntilAsync(() => leftovers.Count(p => p.IsAlive) == AllProcesses - 1, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(AllProcesses - 1, leftovers.Count(p => p.IsAlive));

        await using var next = AppHostProcess.Start(_stateDirectory);
        var status = await next.WaitUntilHealthyAsync().DefaultTimeout(TimeSpan.FromSeconds(100));

        Assert.All(leftovers, p => Assert.False(p.IsAlive, $"pid {p.Pid} from the killed AppHost is still running"));
        Assert.Contains("left running by an AppHost that did not stop cleanly", next.Output, StringComparison.Ordinal);
        Assert.Equal(AllProcesses, AppHostProcess.Processes(status).Count(p => p.IsAlive));
    }

    public void Dispose()
    {
        // Only if the test failed half-way: its processes must not outlive it either.
        _leftovers.ForEach(p => p.KillTree());
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
