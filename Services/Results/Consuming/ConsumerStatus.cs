using AiMesh.ServiceDefaults.Kafka.DeadLetters;

namespace AiMesh.Results.Consuming;

/// <summary>
/// What the consume loop is doing, for its health check: the loop reports each poll of Kafka (one per
/// batch: a batch is what that poll brought and what was ready with it) and each attempt to reach the
/// database, so a loop that stopped or hangs shows up as one that went quiet. What became of each message
/// is counted per message, not per batch, so the dead-letter rate means the same whatever the batch sizes.
/// </summary>
internal sealed class ConsumerStatus(TimeProvider timeProvider)
{
    private const long NeverStarted = long.MinValue;

    private readonly DeadLetterRate _deadLetterRate = DeadLetterRate.Default();
    private long _lastSignOfLife = NeverStarted;
    private volatile string? _waitingForDatabase;
    private volatile bool _stopped;

    public bool HasStarted => Interlocked.Read(ref _lastSignOfLife) != NeverStarted;

    public bool IsStopped => _stopped;

    /// <summary>Why the loop is waiting for the database (with a whole batch in hand), while it is.</summary>
    public string? WaitingForDatabase => _waitingForDatabase;

    /// <summary>How long ago the loop last polled Kafka or tried the database.</summary>
    public TimeSpan SinceLastSignOfLife =>
        HasStarted ? timeProvider.GetElapsedTime(Interlocked.Read(ref _lastSignOfLife)) : TimeSpan.MaxValue;

    public void Polled()
    {
        _waitingForDatabase = null;
        Touch();
    }

    public void DatabaseFailed(string reason)
    {
        _waitingForDatabase = reason;
        Touch();
    }

    public void Stopped() => _stopped = true;

    /// <summary>A message was finished: stored (or found stored), or dead-lettered; called for each message of a batch once the batch is durable.</summary>
    public void Finished(DateTimeOffset at, bool deadLettered) => _deadLetterRate.Record(at, deadLettered);

    /// <summary>Why too many messages were dead-lettered lately, or null.</summary>
    public string? DeadLetterProblem() => _deadLetterRate.Problem(timeProvider.GetUtcNow());

    private void Touch() => Interlocked.Exchange(ref _lastSignOfLife, timeProvider.GetTimestamp());
}
