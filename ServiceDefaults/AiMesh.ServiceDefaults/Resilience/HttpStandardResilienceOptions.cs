namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>
/// The standard HTTP resilience pipeline, outermost first, with Microsoft.Extensions.Http.Resilience's
/// defaults (what Aspire's ServiceDefaults uses): total timeout 30 s, then 3 retries (exponential with
/// jitter from 2 s, honouring Retry-After), then a circuit breaker (10 % failures over 30 s with at least
/// 100 requests opens it for 5 s), then a 10 s timeout per attempt. Bound from
/// <see cref="SectionName"/>, e.g. <c>HttpClientDefaults:Resilience:Retry:Delay = 00:00:00.050</c>.
/// </summary>
public sealed class HttpStandardResilienceOptions
{
    /// <summary>The configuration section every client's options are bound from.</summary>
    public const string SectionName = "HttpClientDefaults:Resilience";

    /// <summary>The whole call, retries and their delays included.</summary>
    public HttpTimeoutOptions TotalRequestTimeout { get; set; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Retries of transient failures: 5xx, 408, 429, HttpRequestException and attempt timeouts.</summary>
    public HttpRetryOptions Retry { get; set; } = new();

    /// <summary>Stops calling an authority that keeps failing.</summary>
    public HttpCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Each attempt on its own.</summary>
    public HttpTimeoutOptions AttemptTimeout { get; set; } = new() { Timeout = TimeSpan.FromSeconds(10) };
}
