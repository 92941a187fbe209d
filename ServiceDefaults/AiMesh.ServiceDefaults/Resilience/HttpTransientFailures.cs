using System.Net;
using Polly;
using Polly.Timeout;

namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>
/// What the standard pipeline retries and counts against the circuit: 5xx, 408 and 429 responses,
/// <see cref="HttpRequestException"/> (connection failures) and attempt timeouts. A 4xx answer is the
/// server's considered reply and is returned as it is.
/// </summary>
internal static class HttpTransientFailures
{
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode statusCode) =>
        (int)statusCode >= 500
        || statusCode == HttpStatusCode.RequestTimeout
        || statusCode == HttpStatusCode.TooManyRequests;
}
