namespace AiMesh.ServiceDefaults.Kafka.DeadLetters;

/// <summary>
/// How many of the messages a consumer finished lately it had to dead-letter, for its health check: one
/// poison message is the dead-letter topic doing its job, but most messages failing says the consumer (or
/// what it depends on) is broken, even though its partitions keep moving.
/// </summary>
/// <param name="window">How far back the count goes.</param>
/// <param name="minimumDeadLetters">Fewer dead letters than this in the window never count as a high rate.</param>
/// <param name="maximumShare">The share of finished messages (0 to 1) above which the rate is too high.</param>
public sealed class DeadLetterRate(TimeSpan window, int minimumDeadLetters = 5, double maximumShare = 0.5)
{
    /// <summary>One minute, at least 5 dead letters, more than half of what was finished.</summary>
    public static DeadLetterRate Default() => new(TimeSpan.FromMinutes(1));

    private readonly Queue<(DateTimeOffset At, bool DeadLettered)> _outcomes = new();
    private readonly Lock _lock = new();

    /// <summary>A message was finished: handled, or dead-lettered.</summary>
    public void Record(DateTimeOffset at, bool deadLettered)
    {
        lock (_lock)
        {
            _outcomes.Enqueue((at, deadLettered));
            Forget(at);
        }
    }

    /// <summary>Why the rate is too high at <paramref name="now"/>, or null when it is not.</summary>
    public string? Problem(DateTimeOffset now)
    {
        int finished, deadLettered;
        lock (_lock)
        {
            Forget(now);
            finished = _outcomes.Count;
            deadLettered = _outcomes.Count(outcome => outcome.DeadLettered);
        }

        return deadLettered >= minimumDeadLetters && deadLettered > finished * maximumShare
            ? $"{deadLettered} of the {finished} messages finished in the last {window.TotalSeconds:0} s were dead-lettered."
            : null;
    }

    private void Forget(DateTimeOffset now)
    {
        while (_outcomes.TryPeek(out var oldest) && oldest.At < now - window)
        {
            _outcomes.Dequeue();
        }
    }
}
