namespace AiMesh.Hosting.ApplicationModel;

/// <summary>What an arguments callback appends to; values are strings or <see cref="IValueProvider"/>s.</summary>
public sealed class CommandLineArgsCallbackContext(
    DistributedApplicationExecutionContext executionContext,
    CancellationToken cancellationToken = default)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public List<object> Args { get; } = [];

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
