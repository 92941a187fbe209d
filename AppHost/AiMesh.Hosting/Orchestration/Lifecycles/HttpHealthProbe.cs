using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>The AppHost's one HTTP client for health checks: short timeouts, no retries.</summary>
internal static class HttpHealthProbe
{
    private static readonly HttpClient s_client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<HealthCheckResult> CheckAsync(Uri url, int expectedStatusCode, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s_client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode == expectedStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"GET {url} answered {(int)response.StatusCode}, expected {expectedStatusCode}.");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"GET {url} failed: {e.Message}");
        }
    }
}
