using AiMesh.Hosting.Orchestration;

namespace AiMesh.Hosting.Testing;

public static class DistributedApplicationTestingExtensions
{
    /// <summary>
    /// Waits until the resource is healthy; on failure the exception carries the resource's latest log
    /// lines, so a red test says why.
    /// </summary>
    public static async Task<ResourceSnapshot> WaitForHealthyAsync(this DistributedApplication app, string resourceName, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            return await app.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DistributedApplicationException or OperationCanceledException)
        {
            var snapshot = app.ResourceNotifications.GetSnapshot(resourceName);
            var logs = string.Join(System.Environment.NewLine, app.ResourceLogs.GetRecent(resourceName, 40).Select(l => $"  {l.Source}: {l.Text}"));
            throw new TimeoutException(
                $"'{resourceName}' did not become healthy ({snapshot?.State}; {snapshot?.Message}" +
                $"{string.Concat(snapshot?.Replicas.Select(r => $"; {r.Name} {r.State} {r.Message}") ?? [])}). Latest output:{System.Environment.NewLine}{logs}", e);
        }
    }
}
