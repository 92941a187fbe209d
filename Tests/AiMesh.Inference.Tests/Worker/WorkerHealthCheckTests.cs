using AiMesh.Inference.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Inference.Tests.Worker;

public sealed class WorkerHealthCheckTests
{
    private readonly WorkerStatus _status = new();

    [Fact]
    public async Task A_starting_or_running_loop_is_healthy()
    {
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _status.Running();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task A_loop_that_died_is_unhealthy_and_says_why()
    {
        _status.Running();
        var fault = new InvalidOperationException("boom");
        _status.Faulted(fault);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Same(fault, result.Exception);
    }

    [Fact]
    public async Task A_stopped_loop_is_unhealthy()
    {
        _status.Running();
        _status.Stopped();

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
    }

    private Task<HealthCheckResult> CheckAsync() =>
        new WorkerHealthCheck(_status).CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration(WorkerHealthCheck.Name, new WorkerHealthCheck(_status), null, null),
        }, TestContext.Current.CancellationToken).DefaultTimeout();
}
