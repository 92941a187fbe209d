namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>The circuit breaker stage of the standard pipeline (one breaker per client and authority).</summary>
public sealed class HttpCircuitBreakerOptions
{
    /// <summary>The share of failed attempts in <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.1;

    /// <summary>Attempts needed within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    public int MinimumThroughput { get; set; } = 100;

    /// <summary>The sliding window the ratio is computed over.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit rejects calls before letting one through.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
