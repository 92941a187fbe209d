namespace AiMesh.Web.Feed;

/// <summary>Capped exponential backoff: initial, 2×, 4×… up to the cap; back to initial after a success.</summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    /// <summary>The wait before the next attempt, which counts as one more failure.</summary>
    public TimeSpan NextDelay()
    {
        // Every sane cap is reached long before 2^30 × initial; stopping there keeps TimeSpan from overflowing.
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var delay = initial * Math.Pow(2, exponent);
        return delay < max ? delay : max;
    }

    /// <summary>A connection opened: the next drop is retried quickly again.</summary>
    public void Reset() => _failures = 0;
}
