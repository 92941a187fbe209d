namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>
/// Capped exponential backoff with jitter, for loops that retry by themselves (a consumer retrying
/// the same message, a feed reconnecting): <paramref name="initial"/>, doubling per failure, never
/// above <paramref name="max"/>. HTTP calls get theirs from the standard resilience handler instead.
/// </summary>
/// <param name="initial">The delay after the first failure.</param>
/// <param name="max">The cap.</param>
/// <param name="jitter">
/// How far each delay is spread at random, as a share either way (0.2: ±20 %), so replicas that failed
/// together do not retry together; 0 gives exact doublings.
/// </param>
public sealed class ExponentialBackoff(TimeSpan initial, TimeSpan max, double jitter = 0.2)
{
    // Past 2^30 every delay is capped anyway; the bound keeps the multiplication finite.
    private const int MaxDoublings = 30;

    /// <summary>Failures counted by <see cref="NextDelay"/> since the start or the last <see cref="Reset"/>.</summary>
    public int Failures { get; private set; }

    /// <summary>Counts one more failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan NextDelay() => DelayAfter(++Failures);

    /// <summary>Starts over from the initial delay, after a success.</summary>
    public void Reset() => Failures = 0;

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (from 1), for callers that count attempts themselves.</summary>
    public TimeSpan DelayAfter(int attempt) => DelayAfter(attempt, Random.Shared.NextDouble());

    /// <summary>As <see cref="DelayAfter(int)"/>, with the random draw (0 to 1) given.</summary>
    public TimeSpan DelayAfter(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);

        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, MaxDoublings));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        var jittered = capped * (1 - jitter + (2 * jitter * random));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds));
    }
}
