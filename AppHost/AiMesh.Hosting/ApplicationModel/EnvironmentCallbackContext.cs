namespace AiMesh.Hosting.ApplicationModel;

/// <summary>What an environment callback fills in for one replica of a resource.</summary>
public sealed class EnvironmentCallbackContext(
    DistributedApplicationExecutionContext executionContext,
    int replicaIndex,
    CancellationToken cancellationToken = default)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public int ReplicaIndex { get; } = replicaIndex;

    /// <summary>Values are strings or <see cref="IValueProvider"/>s, resolved just before the process starts.</summary>
    public Dictionary<string, object> EnvironmentVariables { get; } = new(StringComparer.Ordinal);

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
