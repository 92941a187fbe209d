using Polly;

namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>The retry stage of the standard pipeline.</summary>
public sealed class HttpRetryOptions
{
    /// <summary>Retries after the first attempt; 3 means up to 4 attempts.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Exponential: the delay doubles with each retry.</summary>
    public DelayBackoffType BackoffType { get; set; } = DelayBackoffType.Exponential;

    /// <summary>Spreads retries of many callers apart.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>The base delay before the first retry.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An upper bound for any single delay; none by default.</summary>
    public TimeSpan? MaxDelay { get; set; }

    /// <summary>When the response carries <c>Retry-After</c>, wait that long instead of the backoff delay.</summary>
    public bool ShouldRetryAfterHeader { get; set; } = true;
}
