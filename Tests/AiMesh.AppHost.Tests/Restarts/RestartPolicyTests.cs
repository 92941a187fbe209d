using AiMesh.AppHost.Tests.Infrastructure;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.AppHost.Tests.Restarts;

/// <summary>
/// The AppHost's restart policy on real processes started by DCP: a process that dies is started
/// again and counted, one stopped on request stays stopped, and one that keeps failing at start is
/// marked failed with its last log lines instead of being restarted forever.
/// </summary>
public sealed class RestartPolicyTests
{
    private const string RestartsProperty = "aimesh.restarts";
    private const string GaveUpProperty = "aimesh.restart.gave-up";

    private static readonly Dictionary<string, string?> s_quickRestarts = new()
    {
        ["AppHost:Restarts:InitialBackoff"] = "00:00:00.2",
        ["AppHost:Restarts:MaxBackoff"] = "00:00:01",
        ["AppHost:Restarts:MaxFailuresInARow"] = "3",
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_killed_process_is_started_again_and_its_restart_counted()
    {
        await using var host = await LocalInfrastructureApp.StartAsync(
            builder => builder.AddRestartPolicy().AddExecutable("sleeper", "sleep", ".", "600"), configuration: s_quickRestarts);
        await host.App.ResourceNotifications.WaitForResourceAsync("sleeper", KnownResourceStates.Running, Cancellation).DefaultTimeout();
        var first = host.ProcessId("sleeper");

        using (var process = System.Diagnostics.Process.GetProcessById(first))
        {
            process.Kill();
        }

        var restarted = await host.App.ResourceNotifications.WaitForResourceAsync(
            "sleeper",
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && Property(e, RestartsProperty) == "1" && AppResources.Pid(e) is int pid && pid != first,
            Cancellation).DefaultTimeout();
        Assert.NotEqual(first, AppResources.Pid(restarted));
    }

    [Fact]
    public async Task A_process_stopped_on_request_stays_stopped()
    {
        await using var host = await LocalInfrastructureApp.StartAsync(
            builder => builder.AddRestartPolicy().AddExecutable("sleeper", "sleep", ".", "600"), configuration: s_quickRestarts);
        await host.App.ResourceNotifications.WaitForResourceAsync("sleeper", KnownResourceStates.Running, Cancellation).DefaultTimeout();

        var commands = host.App.Services.GetRequiredService<ResourceCommandService>();
        var stop = await commands.ExecuteCommandAsync("sleeper", KnownResourceCommands.StopCommand, Cancellation).DefaultTimeout();
        Assert.True(stop.Success, stop.Message);
        await host.App.ResourceNotifications.WaitForResourceAsync("sleeper", e => e.Snapshot.State?.Text is "Exited" or "Finished", Cancellation).DefaultTimeout();

        // Well past the backoff: a restart would have happened by now.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        Assert.True(host.App.ResourceNotifications.TryGetCurrentState("sleeper", out var state));
        Assert.NotEqual(KnownResourceStates.Running, state.Snapshot.State?.Text);
        Assert.Null(Property(state, RestartsProperty));
    }

    [Fact]
    public async Task A_process_that_keeps_failing_at_start_is_marked_failed_with_its_last_log_lines()
    {
        await using var host = await LocalInfrastructureApp.StartAsync(
            builder => builder.AddRestartPolicy().AddExecutable("crasher", "sh", ".", "-c", "echo 'cannot open the model file'; exit 3"),
            configuration: s_quickRestarts);

        var failed = await host.App.ResourceNotifications.WaitForResourceAsync(
            "crasher", e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart && Property(e, GaveUpProperty) is not null, Cancellation)
            .DefaultTimeout(TimeSpan.FromMinutes(1));

        Assert.Contains("cannot open the model file", Property(failed, GaveUpProperty), StringComparison.Ordinal);
        Assert.Equal("3", Property(failed, RestartsProperty));
    }

    private static string? Property(ResourceEvent resourceEvent, string name) =>
        resourceEvent.Snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
}
