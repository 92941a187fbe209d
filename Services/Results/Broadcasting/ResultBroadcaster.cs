using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Results.Telemetry;
using AiMesh.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Broadcasting;

/// <summary>
/// The WebSocket clients of <c>/ws/results</c> and the fan-out to them. <see cref="Publish"/> never
/// waits for a client: each has its own bounded queue, and one whose queue is full is disconnected
/// rather than allowed to hold up the consumer or the others. On shutdown every client gets a close frame.
/// </summary>
internal sealed partial class ResultBroadcaster : IDisposable
{
    private const string StoppingDescription = "The Results service is stopping.";

    /// <summary>The span of one push to the clients: the last step of a text's trace.</summary>
    public const string PushActivityName = "/ws/results push";

    private static readonly ActivitySource s_source = new(AiMeshTelemetry.SourceName("Results"));

    private readonly ConcurrentDictionary<long, ResultSubscriber> _clients = new();
    private readonly ResultsOptions _options;
    private readonly ResultsMetrics _metrics;
    private readonly ILogger<ResultBroadcaster> _logger;
    private readonly CancellationTokenRegistration _stopping;
    private long _lastClientId;
    private volatile bool _stopped;

    public ResultBroadcaster(
        IOptions<ResultsOptions> options,
        ResultsMetrics metrics,
        IHostApplicationLifetime lifetime,
        ILogger<ResultBroadcaster> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        // ApplicationStopping comes before the server stops, which waits for open requests: closing the
        // sockets first lets their requests end instead of holding up shutdown.
        _stopping = lifetime.ApplicationStopping.Register(DisconnectAll);
    }

    /// <summary>How many clients are connected now.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>Sends <paramref name="result"/> to every connected client, as one JSON text frame.</summary>
    public void Publish(InferenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_clients.IsEmpty)
        {
            return;
        }

        // A child of the message's processing span, so the push ends the text's trace. Sending is
        // each client's own loop; this covers handing the frame to every client's queue.
        using var activity = s_source.StartActivity(PushActivityName, ActivityKind.Producer);
        activity?.SetTag("aimesh.result.id", result.Id);
        activity?.SetTag("aimesh.websocket.clients", _clients.Count);

        // Encoded once for all clients.
        var frame = JsonSerializer.SerializeToUtf8Bytes(result, ContractsJsonContext.Default.InferenceResult);
        foreach (var (clientId, client) in _clients)
        {
            if (client.TryEnqueue(frame) || client.IsDisconnecting)
            {
                continue;
            }

            activity?.AddEvent(new ActivityEvent("client dropped: fell behind"));
            _metrics.BroadcastDropped();
            if (client.Disconnect(WebSocketCloseStatus.PolicyViolation, $"Fell behind: {_options.ClientQueueSize} results were waiting."))
            {
                LogClientFellBehind(_logger, clientId, _options.ClientQueueSize);
            }
        }
    }

    /// <summary>Serves one accepted WebSocket until the client leaves, falls behind or the service stops.</summary>
    public async Task ServeAsync(WebSocket socket, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(socket);

        using var client = new ResultSubscriber(socket, _options.ClientQueueSize, _options.CloseTimeout);
        var clientId = Interlocked.Increment(ref _lastClientId);
        _clients[clientId] = client;
        _metrics.ClientConnected();
        LogClientConnected(_logger, clientId, _clients.Count);
        try
        {
            if (_stopped)
            {
                // Connected while DisconnectAll ran: it may not have seen this client.
                client.Disconnect(WebSocketCloseStatus.EndpointUnavailable, StoppingDescription);
            }

            await client.RunAsync(requestAborted);
        }
        finally
        {
            _clients.TryRemove(clientId, out _);
            _metrics.ClientDisconnected();
            LogClientDisconnected(_logger, clientId, _clients.Count);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        DisconnectAll();
    }

    private void DisconnectAll()
    {
        _stopped = true;
        foreach (var client in _clients.Values)
        {
            client.Disconnect(WebSocketCloseStatus.EndpointUnavailable, StoppingDescription);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket client {ClientId} connected; {ClientCount} connected")]
    private static partial void LogClientConnected(ILogger logger, long clientId, int clientCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket client {ClientId} disconnected; {ClientCount} connected")]
    private static partial void LogClientDisconnected(ILogger logger, long clientId, int clientCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WebSocket client {ClientId} fell behind with {QueueSize} results waiting; disconnecting it")]
    private static partial void LogClientFellBehind(ILogger logger, long clientId, int queueSize);
}
