using Microsoft.AspNetCore.Http;

namespace AiMesh.ServiceDefaults.Health;

/// <summary>
/// The paths and tag the defaults use, shared with telemetry (which keeps these requests out of traces)
/// and with tests.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Every registered check; 200 when healthy or degraded, 503 when unhealthy.</summary>
    public const string HealthPath = "/health";

    /// <summary>Only the checks tagged <see cref="LiveTag"/>: is the process alive at all.</summary>
    public const string AlivePath = "/alive";

    /// <summary>The tag that puts a check in <see cref="AlivePath"/>.</summary>
    public const string LiveTag = "live";

    /// <summary>The always-healthy check that says the process answers.</summary>
    public const string SelfCheckName = "self";

    internal static bool IsHealthPath(PathString path) =>
        path.StartsWithSegments(HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AlivePath, StringComparison.OrdinalIgnoreCase);
}
