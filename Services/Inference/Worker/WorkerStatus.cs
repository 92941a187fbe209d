using System.Collections.Concurrent;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using Confluent.Kafka;

namespace AiMesh.Inference.Worker;

/// <summary>
/// The consume loop's state for the health check and <c>/api/status</c>: whether the loop runs, whether
/// it has paused its partitions at <see cref="InferenceOptions.MaxInFlight"/>, the messages in hand and
/// since when, the last error any message met, and how many were dead-lettered. Written by the loop and
/// the message processor, read by HTTP requests.
/// </summary>
internal sealed class WorkerStatus
{
    private readonly DeadLetterRate _deadLetterRate = DeadLetterRate.Default();
    private readonly ConcurrentDictionary<InFlightMessage, byte> _inFlight = new();
    private volatile Snapshot _loop = new(WorkerState.NotStarted, null);
    private volatile ErrorRecord? _lastError;
    private volatile bool _paused;
    private int _inFlightCount;
    private long _deadLettered;

    public WorkerState State => _loop.State;

    /// <summary>What ended the loop when <see cref="State"/> is <see cref="WorkerState.Faulted"/>.</summary>
    public Exception? Fault => _loop.Fault;

    public ErrorRecord? LastError => _lastError;

    /// <summary>How many messages are being handled now.</summary>
    public int InFlightCount => Volatile.Read(ref _inFlightCount);

    /// <summary>The messages being handled now, in no particular order.</summary>
    public IReadOnlyList<InFlightMessage> InFlight => [.. _inFlight.Keys];

    /// <summary>Whether the loop has paused its partitions because <see cref="InferenceOptions.MaxInFlight"/> messages are in hand.</summary>
    public bool Paused => _paused;

    /// <summary>Messages dead-lettered since start.</summary>
    public long DeadLetteredTotal => Interlocked.Read(ref _deadLettered);

    public void Running() => _loop = new Snapshot(WorkerState.Running, null);

    public void Stopped() => _loop = new Snapshot(WorkerState.Stopped, null);

    public void Faulted(Exception exception) => _loop = new Snapshot(WorkerState.Faulted, exception);

    public void ConsumptionPaused(bool paused) => _paused = paused;

    public void RecordError(string message, DateTimeOffset at) => _lastError = new ErrorRecord(message, at);

    /// <summary>A message's handling began; pass the returned entry to <see cref="Ended"/> when it ends, however it ends.</summary>
    public InFlightMessage Began(TopicPartitionOffset message, DateTimeOffset at)
    {
        var inFlight = new InFlightMessage(message, at);
        _inFlight.TryAdd(inFlight, 0);
        Interlocked.Increment(ref _inFlightCount);
        return inFlight;
    }

    public void Ended(InFlightMessage message)
    {
        if (_inFlight.TryRemove(message, out _))
        {
            Interlocked.Decrement(ref _inFlightCount);
        }
    }

    public void Completed(DateTimeOffset at) => _deadLetterRate.Record(at, deadLettered: false);

    public void DeadLettered(DateTimeOffset at)
    {
        Interlocked.Increment(ref _deadLettered);
        _deadLetterRate.Record(at, deadLettered: true);
    }

    /// <summary>Why too many messages were dead-lettered lately, or null.</summary>
    public string? DeadLetterProblem(DateTimeOffset now) => _deadLetterRate.Problem(now);

    /// <summary>One error, as <c>/api/status</c> shows it.</summary>
    internal sealed record ErrorRecord(string Message, DateTimeOffset At);

    // State and fault change together, so readers never see one without the other.
    private sealed record Snapshot(WorkerState State, Exception? Fault);
}
