using AiMesh.Hosting.Orchestration;

namespace AiMesh.Hosting.Tests.Model;

public sealed class ResourceNotificationServiceTests
{
    [Fact]
    public async Task A_wait_sees_a_transition_that_happened_before_it_started()
    {
        var notifications = new ResourceNotificationService();
        notifications.Register(Snapshot("api", ResourceState.Starting));
        notifications.Update("api", s => s with { State = ResourceState.Running });
        notifications.Update("api", s => s with { State = ResourceState.Healthy });

        var snapshot = await notifications.WaitForResourceAsync("api", ResourceState.Healthy).DefaultTimeout();

        Assert.Equal(ResourceState.Healthy, snapshot.State);
    }

    [Fact]
    public async Task A_wait_completes_on_the_transition_it_waits_for_and_not_before()
    {
        var notifications = new ResourceNotificationService();
        notifications.Register(Snapshot("api", ResourceState.Waiting));

        var wait = notifications.WaitForResourceAsync("api", s => s.State == ResourceState.Running && s.Message == "second");
        notifications.Update("api", s => s with { State = ResourceState.Starting });
        notifications.Update("api", s => s with { State = ResourceState.Running, Message = "first" });
        await Task.Delay(20);
        Assert.False(wait.IsCompleted);

        notifications.Update("api", s => s with { Message = "second" });

        Assert.Equal("second", (await wait.DefaultTimeout()).Message);
    }

    [Fact]
    public async Task Waiting_for_health_returns_once_the_resource_is_healthy()
    {
        var notifications = new ResourceNotificationService();
        notifications.Register(Snapshot("api", ResourceState.Starting));

        var wait = notifications.WaitForResourceHealthyAsync("api");
        notifications.Update("api", s => s with { State = ResourceState.Unhealthy });
        notifications.Update("api", s => s with { State = ResourceState.Healthy });

        Assert.True((await wait.DefaultTimeout()).IsHealthy);
    }

    [Fact]
    public async Task Waiting_for_health_fails_at_once_when_the_resource_failed_to_start()
    {
        var notifications = new ResourceNotificationService();
        notifications.Register(Snapshot("api", ResourceState.Starting));

        var wait = notifications.WaitForResourceHealthyAsync("api");
        notifications.Update("api", s => s with { State = ResourceState.FailedToStart, Message = "dotnet was not found." });

        var e = await Assert.ThrowsAsync<DistributedApplicationException>(() => wait).DefaultTimeout();
        Assert.Equal("Resource 'api' will not become healthy: it is FailedToStart. dotnet was not found.", e.Message);
    }

    [Fact]
    public async Task An_exit_that_will_be_restarted_is_not_the_end_of_a_health_wait()
    {
        var notifications = new ResourceNotificationService();
        notifications.Register(Snapshot("api", ResourceState.Running));

        var wait = notifications.WaitForResourceHealthyAsync("api");
        notifications.Update("api", s => s with { State = ResourceState.Exited, WillRestart = true });
        await Task.Delay(20);
        Assert.False(wait.IsCompleted);

        notifications.Update("api", s => s with { State = ResourceState.Exited, WillRestart = false });

        var e = await Assert.ThrowsAsync<DistributedApplicationException>(() => wait).DefaultTimeout();
        Assert.Equal("Resource 'api' will not become healthy: it is Exited.", e.Message);
    }

    [Fact]
    public async Task Waiting_for_an_unknown_resource_fails()
    {
        var notifications = new ResourceNotificationService();
        notifications.Register(Snapshot("api", ResourceState.Healthy));

        var e = await Assert.ThrowsAsync<DistributedApplicationException>(() => notifications.WaitForResourceAsync("apu", ResourceState.Healthy)).DefaultTimeout();
        await Assert.ThrowsAsync<DistributedApplicationException>(() => notifications.WaitForResourceHealthyAsync("apu")).DefaultTimeout();

        Assert.Equal("There is no resource named 'apu'.", e.Message);
    }

    [Fact]
    public async Task A_cancelled_wait_stops_waiting()
    {
        var notifications = new ResourceNotificationService();
        notifications.Register(Snapshot("api", ResourceState.Starting));
        using var cts = new CancellationTokenSource();

        var wait = notifications.WaitForResourceHealthyAsync("api", cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait).DefaultTimeout();
    }

    [Fact]
    public void Snapshots_are_found_by_name_in_any_case_and_listed_in_registration_order()
    {
        var notifications = new ResourceNotificationService();
        notifications.Register(Snapshot("redis", ResourceState.Healthy));
        notifications.Register(Snapshot("api", ResourceState.Waiting));

        Assert.Equal(ResourceState.Waiting, notifications.GetSnapshot("API")!.State);
        Assert.Null(notifications.GetSnapshot("web"));
        Assert.Equal(["redis", "api"], notifications.GetSnapshots().Select(s => s.Name));
    }

    private static ResourceSnapshot Snapshot(string name, ResourceState state) => new() { Name = name, Kind = "Project", State = state };
}
