namespace AiMesh.Inference.Processing;

/// <summary>
/// Capped exponential backoff with jitter: the base delay doubles per failed attempt up to the cap,
/// then each delay is spread by ±20 % (never past the cap) so replicas that failed together do not
/// all retry in the same instant.
/// </summary>
internal sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    private const double Jitter = 0.2;

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public TimeSpan DelayAfter(int attempt) => DelayAfter(attempt, Random.Shared.NextDouble());

    /// <summary>As <see cref="DelayAfter(int)"/>, with <paramref name="random"/> in [0, 1) choosing the jitter.</summary>
    public TimeSpan DelayAfter(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);

        // Past 2^30 every delay is capped anyway; the bound keeps the multiplication finite.
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, maxDelay.TotalMilliseconds);
        var jittered = capped * (1 - Jitter + (2 * Jitter * random));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, maxDelay.TotalMilliseconds));
    }
}
