using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Lifecycles;
using AiMesh.Hosting.Orchestration.Processes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Hosting.Orchestration;

/// <summary>
/// Drives one resource through its life: wait for dependencies, prepare, start every replica, watch
/// health, restart what exits unexpectedly, and stop on request.
/// </summary>
internal sealed class ResourceController
{
    private readonly ResourceLifecycle _lifecycle;
    private readonly LifecycleContext _context;
    private readonly ResourceNotificationService _notifications;
    private readonly ProcessRegistry _registry;
    private readonly OrchestratorTimings _timings;
    private readonly ReplicaInfo[] _replicas;
    private readonly CancellationTokenSource _stopping = new();
    private TimeSpan _stopGracePeriod = TimeSpan.FromSeconds(10);
    private volatile bool _shuttingDown;
    private Task _run = Task.CompletedTask;

    public ResourceController(ResourceLifecycle lifecycle, LifecycleContext context, ResourceNotificationService notifications, ProcessRegistry registry, OrchestratorTimings timings)
    {
        _lifecycle = lifecycle;
        _context = context;
        _notifications = notifications;
        _registry = registry;
        _timings = timings;
        var count = lifecycle.RunsProcesses ? lifecycle.Replicas : 0;
        _replicas = Enumerable.Range(0, count).Select(i =>
        {
            var instanceId = InstanceIds.Create();
            return new ReplicaInfo(i, instanceId, count == 1 && lifecycle is not ProjectLifecycle ? Name : $"{Name}-{instanceId}");
        }).ToArray();
    }

    public string Name => _lifecycle.Resource.Name;

    public IResource Resource => _lifecycle.Resource;

    /// <summary>Every resource this one needs before it can start: waits plus implicit ones.</summary>
    public IReadOnlyList<(IResource Resource, WaitType WaitType)> Dependencies =>
        Resource.GetWaits().Select(w => (w.Resource, w.WaitType))
            .Concat(_lifecycle.ImplicitDependencies.Select(r => (r, WaitType.WaitUntilHealthy)))
            .DistinctBy(d => d.Item1.Name)
            .ToArray();

    public ResourceSnapshot InitialSnapshot(string? connectionString) => new()
    {
        Name = Name,
        Kind = _lifecycle.Kind,
        IsExternal = Resource.IsExternal(),
        ConnectionString = connectionString,
        Replicas = _replicas.Select(r => new ReplicaSnapshot { Name = r.Name, InstanceId = r.InstanceId, Index = r.Index, Endpoints = _lifecycle.GetEndpointUrls(r.Index) }).ToArray(),
        WaitsFor = Dependencies.Select(d => d.Resource.Name).ToArray(),
        References = Resource.Annotations.OfType<ResourceReferenceAnnotation>().Select(r => r.Resource.Name).Distinct().ToArray(),
        Notes = Resource.IsExternal() ? [] : Resource.Annotations.OfType<ResourceNoteAnnotation>().Select(n => n.Note).ToArray(),
        ExternalUrls = Resource is IResourceWithEndpoints withEndpoints
            ? withEndpoints.GetEndpoints().Where(e => e.IsExternal).SelectMany(e => e.Allocated.Select(a => a.Url)).ToArray()
            : [],
        WillRestart = _lifecycle.RestartOnExit,
    };

    public void Start() => _run = Task.Run(() => RunAsync(_stopping.Token));

    /// <summary>Once the application is shutting down, nothing that exits is restarted, whatever the stop order.</summary>
    public void PrepareToStop()
    {
        _shuttingDown = true;
        UpdateResource(s => s with { WillRestart = false });
    }

    /// <summary>Stops every replica: its stop signal first, the whole process tree after <paramref name="gracePeriod"/>.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        _stopGracePeriod = gracePeriod;
        UpdateResource(s => s.State is ResourceState.NotStarted or ResourceState.Waiting ? s with { WillRestart = false } : s with { State = ResourceState.Stopping, WillRestart = false });
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        UpdateResource(s => s.State == ResourceState.Stopping ? s with { State = ResourceState.Exited } : s);
        await _lifecycle.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await WaitForDependenciesAsync(stopping).ConfigureAwait(false);
            UpdateResource(s => s with { State = ResourceState.Starting });
            if (!_lifecycle.RunsProcesses)
            {
                await _lifecycle.ActivateAsync(_context, stopping).ConfigureAwait(false);
                UpdateResource(s => s with { State = ResourceState.Running });
                await MonitorHealthAsync(null, stopping).ConfigureAwait(false);
                return;
            }

            await _lifecycle.PrepareAsync(_context, stopping).ConfigureAwait(false);
            await Task.WhenAll(_replicas.Select(r => SuperviseAsync(r, stopping))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _context.Log($"Failed to start: {e.Message}", isError: true);
            UpdateResource(s => s with { State = ResourceState.FailedToStart, Message = e.Message, WillRestart = false });
        }
    }

    private async Task WaitForDependenciesAsync(CancellationToken stopping)
    {
        var dependencies = Dependencies;
        if (dependencies.Count == 0)
        {
            return;
        }

        UpdateResource(s => s with { State = ResourceState.Waiting });
        foreach (var (dependency, waitType) in dependencies)
        {
            var snapshot = await _notifications.WaitForResourceAsync(dependency.Name, s => Reached(s, waitType) || s.IsTerminal, stopping).ConfigureAwait(false);
            if (!Reached(snapshot, waitType))
            {
                throw new DistributedApplicationException($"'{dependency.Name}', which it waits for, is {snapshot.State}.");
            }
        }

        static bool Reached(ResourceSnapshot s, WaitType waitType) => waitType == WaitType.WaitUntilHealthy
            ? s.IsHealthy
            : s.State is ResourceState.Running or ResourceState.Healthy or ResourceState.Unhealthy;
    }

    private async Task SuperviseAsync(ReplicaInfo replica, CancellationToken stopping)
    {
        var backoff = new RestartBackoff(_timings.InitialRestartDelay, _timings.MaximumRestartDelay);
        var restarts = 0;
        while (!stopping.IsCancellationRequested)
        {
            UpdateReplica(replica, r => r with { State = ResourceState.Starting, Restarts = restarts, Pid = null, ProcessStartTicks = null });
            RunningProcess process;
            ProcessSpec spec;
            try
            {
                spec = await _lifecycle.CreateProcessSpecAsync(replica, _context, stopping).ConfigureAwait(false);
                _context.Logs.Write(Name, replica.Name, $"[apphost] Starting: {spec.CommandLine}");
                process = RunningProcess.Start(spec, (line, isError) => _context.Logs.Write(Name, replica.Name, line, isError));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _context.Logs.Write(Name, replica.Name, $"[apphost] Failed to start: {e.Message}", isError: true);
                UpdateReplica(replica, r => r with { State = ResourceState.FailedToStart, Message = e.Message });
                return;
            }

            _registry.Add(replica.Name, process.Identity, spec.CommandLine);
            var wasHealthy = false;
            using (var processRun = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                try
                {
                    await _lifecycle.OnProcessStartedAsync(replica, process, _context, processRun.Token).ConfigureAwait(false);
                    UpdateReplica(replica, r => r with
                    {
                        State = ResourceState.Running,
                        Pid = process.Pid,
                        ProcessStartTicks = process.Identity.StartTicks,
                        StartedAt = DateTimeOffset.Now,
                        Message = null,
                    });
                    var health = MonitorHealthAsync(replica, processRun.Token, () => wasHealthy = true);
                    await Task.WhenAny(process.Exited, Task.Delay(Timeout.Infinite, stopping)).ConfigureAwait(false);
                    await processRun.CancelAsync().ConfigureAwait(false);
                    await health.ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    _context.Logs.Write(Name, replica.Name, $"[apphost] {e.Message}", isError: true);
                    process.Kill();
                }
                catch (OperationCanceledException)
                {
                }
            }

            if (stopping.IsCancellationRequested)
            {
                UpdateReplica(replica, r => r with { State = ResourceState.Stopping });
                await process.StopAsync(_stopGracePeriod).ConfigureAwait(false);
            }

            var exitCode = await process.Exited.ConfigureAwait(false);
            _registry.Remove(replica.Name);
            await process.DisposeAsync().ConfigureAwait(false);
            UpdateReplica(replica, r => r with { State = ResourceState.Exited, ExitCode = exitCode, Pid = null, ProcessStartTicks = null });
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            _context.Logs.Write(Name, replica.Name, $"[apphost] Exited unexpectedly with code {exitCode}.", isError: true);
            if (!_lifecycle.RestartOnExit || _shuttingDown)
            {
                UpdateResource(s => s with { WillRestart = false, Message = $"{replica.Name} exited with code {exitCode} and is not restarted." });
                return;
            }

            var delay = backoff.Next(wasHealthy);
            restarts++;
            _context.Logs.Write(Name, replica.Name, $"[apphost] Restarting in {delay.TotalSeconds:0.#} s (restart {restarts}).");
            await Task.Delay(delay, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Checks one replica (or a process-less resource) until cancelled: often until healthy, then less often.</summary>
    private async Task MonitorHealthAsync(ReplicaInfo? replica, CancellationToken cancellationToken, Action? onHealthy = null)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HealthCheckResult result;
            try
            {
                result = await _lifecycle.CheckHealthAsync(replica ?? new ReplicaInfo(0, "", Name), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                result = HealthCheckResult.Unhealthy(e.Message);
            }

            var healthy = result.Status == HealthStatus.Healthy;
            var state = healthy ? ResourceState.Healthy : ResourceState.Unhealthy;
            var message = healthy ? null : result.Description;
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (replica is null)
            {
                UpdateResource(s => s with { State = state, Message = message });
            }
            else
            {
                UpdateReplica(replica, r => r.State is ResourceState.Running or ResourceState.Healthy or ResourceState.Unhealthy ? r with { State = state, Message = message } : r);
            }

            if (healthy)
            {
                onHealthy?.Invoke();
            }

            try
            {
                await Task.Delay(healthy ? _timings.HealthyCheckInterval : _timings.UnhealthyCheckInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void UpdateResource(Func<ResourceSnapshot, ResourceSnapshot> update) => _notifications.Update(Name, update);

    private void UpdateReplica(ReplicaInfo replica, Func<ReplicaSnapshot, ReplicaSnapshot> update) =>
        _notifications.Update(Name, s =>
        {
            var replicas = s.Replicas.Select(r => r.Index == replica.Index ? update(r) : r).ToArray();
            return s with { Replicas = replicas, State = Aggregate(replicas, s.State) };
        });

    /// <summary>A resource is as far along as its least advanced replica.</summary>
    private static ResourceState Aggregate(IReadOnlyList<ReplicaSnapshot> replicas, ResourceState current)
    {
        if (current is ResourceState.Stopping or ResourceState.FailedToStart)
        {
            return current;
        }

        if (replicas.All(r => r.State == ResourceState.Healthy))
        {
            return ResourceState.Healthy;
        }

        if (replicas.All(r => r.State is ResourceState.Exited or ResourceState.FailedToStart))
        {
            return replicas.Any(r => r.State == ResourceState.FailedToStart) ? ResourceState.FailedToStart : ResourceState.Exited;
        }

        if (replicas.Any(r => r.State is ResourceState.NotStarted or ResourceState.Starting or ResourceState.Exited))
        {
            return ResourceState.Starting;
        }

        return replicas.Any(r => r.State == ResourceState.Unhealthy) ? ResourceState.Unhealthy : ResourceState.Running;
    }
}
