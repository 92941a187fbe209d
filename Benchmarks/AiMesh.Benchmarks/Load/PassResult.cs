namespace AiMesh.Benchmarks.Load;

/// <summary>
/// The figures of one pass: texts sent, the ingest POST rate, the completion rate, latencies, where
/// the time went (accepted → Inference's answer, answer → WebSocket) and the cache share.
/// </summary>
internal sealed record PassResult(
    int Sent,
    int Rejected,
    int Missing,
    double AcceptedPerSecond,
    double CompletedPerSecond,
    LatencySummary Latency,
    LatencySummary ToInference,
    LatencySummary AfterInference,
    double CachedShare,
    string? Failure);
