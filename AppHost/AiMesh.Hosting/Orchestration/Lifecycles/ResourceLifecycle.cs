using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Orchestration.Processes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>
/// How one kind of resource is prepared, started, checked and stopped. The controller drives it;
/// the lifecycle knows only its own kind.
/// </summary>
internal abstract class ResourceLifecycle(IResource resource) : IAsyncDisposable
{
    public IResource Resource { get; } = resource;

    public abstract string Kind { get; }

    public virtual int Replicas => 1;

    /// <summary>False for resources the AppHost only talks to: external servers, databases.</summary>
    public virtual bool RunsProcesses => !Resource.IsExternal();

    /// <summary>Whether a process that ends unexpectedly is started again.</summary>
    public virtual bool RestartOnExit => true;

    /// <summary>Resources this one cannot start without, beyond its explicit waits.</summary>
    public virtual IEnumerable<IResource> ImplicitDependencies => [];

    /// <summary>One-time work before the first process starts (initdb, a build).</summary>
    public virtual Task PrepareAsync(LifecycleContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task<ProcessSpec> CreateProcessSpecAsync(ReplicaInfo replica, LifecycleContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Kind} resources run no process.");

    /// <summary>Work once a process runs, before it counts as Running (e.g. reading the bootstrap list it published).</summary>
    public virtual Task OnProcessStartedAsync(ReplicaInfo replica, RunningProcess process, LifecycleContext context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>For resources that run no process: the one-time work that brings them up (e.g. CREATE DATABASE).</summary>
    public virtual Task ActivateAsync(LifecycleContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<HealthCheckResult> CheckHealthAsync(ReplicaInfo replica, CancellationToken cancellationToken);

    /// <summary>Endpoint URLs of one replica, for the status API and the console.</summary>
    public virtual IReadOnlyList<string> GetEndpointUrls(int replica) =>
        Resource.GetEndpoints().Where(e => e.Allocated.Count > replica).Select(e => e.Allocated[replica].Url).ToArray();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
