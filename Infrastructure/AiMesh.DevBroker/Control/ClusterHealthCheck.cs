using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.DevBroker.Control;

/// <summary>
/// Healthy once the mock cluster runs and Kestrel has bound every fixed broker port. Kestrel
/// signals ApplicationStarted only after all its endpoints are bound, and it keeps them until
/// shutdown, so that signal is the forwarders' readiness. A broker set down on purpose leaves
/// the dev broker healthy: it is a fault under test, not a reason to restart.
/// </summary>
internal sealed class ClusterHealthCheck(DevBrokerCluster cluster, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = (cluster.IsRunning, lifetime.ApplicationStarted.IsCancellationRequested, lifetime.ApplicationStopping.IsCancellationRequested) switch
        {
            (_, _, true) => HealthCheckResult.Unhealthy("The dev broker is stopping."),
            (false, _, _) => HealthCheckResult.Unhealthy("The mock cluster is not running."),
            (true, false, _) => HealthCheckResult.Unhealthy("The broker ports are not all listening yet."),
            _ => HealthCheckResult.Healthy($"Brokers listen on {cluster.BootstrapServers}."),
        };
        return Task.FromResult(result);
    }
}
