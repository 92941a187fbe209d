using System.Net;

namespace AiMesh.Inference.Ai;

/// <summary>
/// The Ai service refused the request with a 4xx other than 408/429: asking again with the same text
/// will not help until the Ai service (or this worker's configuration) changes.
/// </summary>
internal sealed class AiRequestRejectedException(HttpStatusCode statusCode, string detail)
    : Exception($"The Ai service rejected the request with {(int)statusCode} {statusCode}: {detail}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
