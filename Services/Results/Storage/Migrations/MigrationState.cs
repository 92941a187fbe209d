namespace AiMesh.Results.Storage.Migrations;

/// <summary>
/// Whether the schema is current yet. The consumer waits for it before reading a message, and the
/// health check and the API report it, so nothing touches the table before it exists.
/// </summary>
internal sealed class MigrationState
{
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _lastError;
    private int _failedAttempts;

    public bool IsCompleted => _completed.Task.IsCompleted;

    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    /// <summary>Why the last attempt failed, while the migration has not succeeded yet.</summary>
    public string? LastError => IsCompleted ? null : _lastError;

    /// <summary>Completes when the migrations have been applied.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _completed.Task.WaitAsync(cancellationToken);

    public void MarkCompleted() => _completed.TrySetResult();

    public void MarkFailed(Exception exception)
    {
        _lastError = exception.Message;
        Interlocked.Increment(ref _failedAttempts);
    }
}
