namespace AiMesh.Inference.Worker;

/// <summary>
/// The consume loop's state for the health check, and the last error any message met for
/// <c>/api/status</c>. Written by the loop, read by HTTP requests.
/// </summary>
internal sealed class WorkerStatus
{
    private volatile Snapshot _loop = new(WorkerState.NotStarted, null);
    private volatile ErrorRecord? _lastError;

    public WorkerState State => _loop.State;

    /// <summary>What ended the loop when <see cref="State"/> is <see cref="WorkerState.Faulted"/>.</summary>
    public Exception? Fault => _loop.Fault;

    public ErrorRecord? LastError => _lastError;

    public void Running() => _loop = new Snapshot(WorkerState.Running, null);

    public void Stopped() => _loop = new Snapshot(WorkerState.Stopped, null);

    public void Faulted(Exception exception) => _loop = new Snapshot(WorkerState.Faulted, exception);

    public void RecordError(string message, DateTimeOffset at) => _lastError = new ErrorRecord(message, at);

    /// <summary>One error, as <c>/api/status</c> shows it.</summary>
    internal sealed record ErrorRecord(string Message, DateTimeOffset At);

    // State and fault change together, so readers never see one without the other.
    private sealed record Snapshot(WorkerState State, Exception? Fault);
}
