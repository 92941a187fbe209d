using System.Collections.Concurrent;

namespace AiMesh.Hosting.Orchestration;

/// <summary>
/// The live state of every resource. Waiters re-check their condition on every change, so a wait can
/// never miss a transition that happened before it started.
/// </summary>
public sealed class ResourceNotificationService
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _snapshots = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether every resource of the model has been registered (until then "all healthy" means nothing).</summary>
    public bool IsModelRegistered { get; private set; }

    public IReadOnlyList<ResourceSnapshot> GetSnapshots()
    {
        lock (_order)
        {
            return _order.Select(name => _snapshots[name]).ToArray();
        }
    }

    public ResourceSnapshot? GetSnapshot(string name) => _snapshots.GetValueOrDefault(name);

    /// <summary>Completes when the next change to any resource happens.</summary>
    public Task NextChangeAsync(CancellationToken cancellationToken) => Volatile.Read(ref _changed).Task.WaitAsync(cancellationToken);

    public async Task<ResourceSnapshot> WaitForResourceAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (true)
        {
            var next = Volatile.Read(ref _changed).Task;
            var snapshot = GetSnapshot(name) ?? throw new DistributedApplicationException($"There is no resource named '{name}'.");
            if (predicate(snapshot))
            {
                return snapshot;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<ResourceSnapshot> WaitForResourceAsync(string name, ResourceState state, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.State == state, cancellationToken);

    /// <summary>
    /// Waits until every replica of the resource is healthy; fails at once if the resource can no
    /// longer get there (it failed to start, or exited for good).
    /// </summary>
    public async Task<ResourceSnapshot> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default)
    {
        var snapshot = await WaitForResourceAsync(name, s => s.IsHealthy || s.IsTerminal, cancellationToken).ConfigureAwait(false);
        return snapshot.IsHealthy
            ? snapshot
            : throw new DistributedApplicationException($"Resource '{name}' will not become healthy: it is {snapshot.State}. {snapshot.Message}".TrimEnd());
    }

    internal void Register(ResourceSnapshot snapshot)
    {
        lock (_order)
        {
            _order.Add(snapshot.Name);
            _snapshots[snapshot.Name] = snapshot;
        }

        SignalChange();
    }

    internal void CompleteRegistration()
    {
        IsModelRegistered = true;
        SignalChange();
    }

    internal ResourceSnapshot Update(string name, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        ResourceSnapshot updated;
        lock (_order)
        {
            updated = update(_snapshots[name]);
            _snapshots[name] = updated;
        }

        SignalChange();
        return updated;
    }

    private void SignalChange()
    {
        var previous = Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
