using System.Diagnostics.Metrics;
using AiMesh.ServiceDefaults.Telemetry;

namespace AiMesh.Results.Telemetry;

/// <summary>
/// The <c>AiMesh.Results</c> meter: what the consumer stored (counted per message) and in batches of
/// which size, what the answer relay skipped, and what the WebSocket clients got; the WebSocket
/// instruments carry a <c>stream</c> tag (<c>results</c> or <c>answers</c>).
/// </summary>
internal sealed class ResultsMetrics
{
    /// <summary>The meter's name; the service defaults collect every <c>AiMesh.*</c> meter.</summary>
    public static readonly string MeterName = AiMeshTelemetry.SourceName("Results");

    private const string StreamTag = "stream";

    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<long> _batchSize;
    private readonly UpDownCounter<long> _clients;
    private readonly Counter<long> _broadcastDrops;
    private readonly Counter<long> _answerChunksSkipped;

    public ResultsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _stored = meter.CreateCounter<long>(
            "aimesh.results.stored", "{result}", "Results stored for the first time.");
        _duplicates = meter.CreateCounter<long>(
            "aimesh.results.duplicates", "{result}", "Redelivered results whose id was already stored; the stored answer was kept.");
        _batchSize = meter.CreateHistogram<long>(
            "aimesh.results.batch.size", "{message}", "result-topic messages handled together: stored in one statement and one commit, pushed in one push.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
        _clients = meter.CreateUpDownCounter<long>(
            "aimesh.results.websocket.clients", "{client}", "WebSocket clients connected, by stream (results for /ws/results, answers for /ws/answers).");
        _broadcastDrops = meter.CreateCounter<long>(
            "aimesh.results.broadcast.drops", "{client}", "WebSocket clients disconnected because they fell behind, by stream; each missed what followed.");
        _answerChunksSkipped = meter.CreateCounter<long>(
            "aimesh.results.answer_chunks.skipped", "{message}", "answer-topic messages that were not answer chunks; skipped, the relay went on.");
    }

    public void Stored() => _stored.Add(1);

    public void Duplicate() => _duplicates.Add(1);

    /// <summary>A batch of <paramref name="messages"/> result-topic messages was handled.</summary>
    public void BatchHandled(int messages) => _batchSize.Record(messages);

    public void ClientConnected(string stream) => _clients.Add(1, new KeyValuePair<string, object?>(StreamTag, stream));

    public void ClientDisconnected(string stream) => _clients.Add(-1, new KeyValuePair<string, object?>(StreamTag, stream));

    public void BroadcastDropped(string stream) => _broadcastDrops.Add(1, new KeyValuePair<string, object?>(StreamTag, stream));

    public void AnswerChunkSkipped() => _answerChunksSkipped.Add(1);
}
