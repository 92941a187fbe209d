using System.Collections.Concurrent;
using System.Globalization;
using AiMesh.Shared;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Tests;

/// <summary>
/// The latest state Aspire reports for every replica of a running application (one entry per DCP
/// resource id, such as <c>inference-abcd1234</c>), kept from the moment it is created. Linked into
/// the end-to-end tests, the AppHost tests and the pipeline benchmark.
/// </summary>
internal sealed class AppResources : IAsyncDisposable
{
    private const string PidProperty = "executable.pid";

    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;

    public AppResources(DistributedApplication app)
    {
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        _watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var resourceEvent in notifications.WatchAsync(_stop.Token))
                {
                    _latest[resourceEvent.ResourceId] = resourceEvent;
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>Every replica of every resource as last seen, ordered by resource id.</summary>
    public IReadOnlyList<ResourceEvent> All() =>
        [.. _latest.Values.OrderBy(e => e.ResourceId, StringComparer.Ordinal)];

    /// <summary>The replicas of <paramref name="resource"/> (its model name) as last seen.</summary>
    public IReadOnlyList<ResourceEvent> Replicas(string resource) =>
        [.. _latest.Values.Where(e => e.Resource.Name == resource).OrderBy(e => e.ResourceId, StringComparer.Ordinal)];

    /// <summary>Every process the application runs now, each named by pid and start time.</summary>
    public IReadOnlyList<AppProcess> Processes() =>
        [.. _latest.Values
            .Select(e => (Event: e, Pid: Pid(e)))
            .Where(p => p.Pid is not null && IsRunning(p.Event))
            .Select(p => (p.Event, Pid: p.Pid!.Value, Stat: ProcessStat.TryRead(p.Pid!.Value)))
            .Where(p => p.Stat is { IsRunning: true })
            .Select(p => new AppProcess(p.Event.Resource.Name, p.Event.ResourceId, p.Pid, p.Stat!.Value.StartTime))
            .OrderBy(p => p.Replica, StringComparer.Ordinal)];

    /// <summary>The value the replica was started with for environment variable <paramref name="name"/>.</summary>
    public static string? Environment(ResourceEvent replica, string name) =>
        replica.Snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == name)?.Value;

    public static int? Pid(ResourceEvent replica) =>
        replica.Snapshot.Properties.FirstOrDefault(property => property.Name == PidProperty)?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) => pid,
            _ => null,
        };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        _stop.Dispose();
    }

    private static bool IsRunning(ResourceEvent replica) => replica.Snapshot.State?.Text == KnownResourceStates.Running;
}
