using System.Diagnostics.Metrics;
using AiMesh.ServiceDefaults.Telemetry;

namespace AiMesh.Results.Telemetry;

/// <summary>The <c>AiMesh.Results</c> meter: what the consumer stored and what the WebSocket clients got.</summary>
internal sealed class ResultsMetrics
{
    /// <summary>The meter's name; the service defaults collect every <c>AiMesh.*</c> meter.</summary>
    public static readonly string MeterName = AiMeshTelemetry.SourceName("Results");

    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly UpDownCounter<long> _clients;
    private readonly Counter<long> _broadcastDrops;

    public ResultsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _stored = meter.CreateCounter<long>(
            "aimesh.results.stored", "{result}", "Results stored for the first time.");
        _duplicates = meter.CreateCounter<long>(
            "aimesh.results.duplicates", "{result}", "Redelivered results whose id was already stored; the stored answer was kept.");
        _clients = meter.CreateUpDownCounter<long>(
            "aimesh.results.websocket.clients", "{client}", "WebSocket clients connected to /ws/results.");
        _broadcastDrops = meter.CreateCounter<long>(
            "aimesh.results.broadcast.drops", "{result}", "Results a WebSocket client did not get because it had fallen behind; it was disconnected.");
    }

    public void Stored() => _stored.Add(1);

    public void Duplicate() => _duplicates.Add(1);

    public void ClientConnected() => _clients.Add(1);

    public void ClientDisconnected() => _clients.Add(-1);

    public void BroadcastDropped() => _broadcastDrops.Add(1);
}
