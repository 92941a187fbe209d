namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>A timeout of the standard pipeline (total or per attempt).</summary>
public sealed class HttpTimeoutOptions
{
    /// <summary>At least 10 ms (Polly's lower bound).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
