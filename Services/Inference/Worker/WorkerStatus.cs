using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using Confluent.Kafka;

namespace AiMesh.Inference.Worker;

/// <summary>
/// The consume loop's state for the health check and <c>/api/status</c>: whether the loop runs, the
/// message in hand and since when, the last error any message met, and how many were dead-lettered.
/// Written by the loop, read by HTTP requests.
/// </summary>
internal sealed class WorkerStatus
{
    private readonly DeadLetterRate _deadLetterRate = DeadLetterRate.Default();
    private volatile Snapshot _loop = new(WorkerState.NotStarted, null);
    private volatile ErrorRecord? _lastError;
    private volatile InFlight? _current;
    private long _deadLettered;

    public WorkerState State => _loop.State;

    /// <summary>What ended the loop when <see cref="State"/> is <see cref="WorkerState.Faulted"/>.</summary>
    public Exception? Fault => _loop.Fault;

    public ErrorRecord? LastError => _lastError;

    /// <summary>The message being handled now and since when, or null between messages.</summary>
    public InFlight? Current => _current;

    /// <summary>Messages dead-lettered since start.</summary>
    public long DeadLetteredTotal => Interlocked.Read(ref _deadLettered);

    public void Running() => _loop = new Snapshot(WorkerState.Running, null);

    public void Stopped() => _loop = new Snapshot(WorkerState.Stopped, null);

    public void Faulted(Exception exception) => _loop = new Snapshot(WorkerState.Faulted, exception);

    public void RecordError(string message, DateTimeOffset at) => _lastError = new ErrorRecord(message, at);

    public void Began(TopicPartitionOffset message, DateTimeOffset at) => _current = new InFlight(message, at);

    public void Completed(DateTimeOffset at) => _deadLetterRate.Record(at, deadLettered: false);

    public void DeadLettered(DateTimeOffset at)
    {
        Interlocked.Increment(ref _deadLettered);
        _deadLetterRate.Record(at, deadLettered: true);
    }

    public void Ended() => _current = null;

    /// <summary>Why too many messages were dead-lettered lately, or null.</summary>
    public string? DeadLetterProblem(DateTimeOffset now) => _deadLetterRate.Problem(now);

    /// <summary>One error, as <c>/api/status</c> shows it.</summary>
    internal sealed record ErrorRecord(string Message, DateTimeOffset At);

    /// <summary>A message in hand: where it is, and when its handling began.</summary>
    internal sealed record InFlight(TopicPartitionOffset Message, DateTimeOffset Since);

    // State and fault change together, so readers never see one without the other.
    private sealed record Snapshot(WorkerState State, Exception? Fault);
}
