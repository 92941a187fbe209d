namespace AiMesh.Results.Storage;

/// <summary>
/// Capped exponential backoff for waiting out the database: the first delay, then twice as long after
/// each further failure, never more than the cap. Each delay is shortened by up to a fifth at random,
/// so replicas that lost the database together do not all come back at the same instant.
/// </summary>
internal sealed class RetryBackoff(TimeSpan firstDelay, TimeSpan maxDelay)
{
    private const int MaxDoublings = 30;

    /// <summary>How many delays have been handed out: the failed attempts so far.</summary>
    public int Failures { get; private set; }

    /// <summary>The wait before the next attempt; counts one more failure.</summary>
    public TimeSpan NextDelay()
    {
        var doublings = Math.Min(Failures, MaxDoublings);
        Failures++;
        var uncapped = firstDelay.TotalMilliseconds * Math.Pow(2, doublings);
        var capped = Math.Min(uncapped, maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 - (Random.Shared.NextDouble() / 5)));
    }
}
