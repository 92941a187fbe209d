using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Results.Telemetry;
using AiMesh.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Broadcasting;

/// <summary>
/// The WebSocket clients of one <see cref="BroadcastStream{TMessage}"/> and the fan-out to them.
/// <see cref="Publish"/> never waits for a client: each has its own bounded queue, and one whose queue
/// is full is disconnected rather than allowed to hold up the publisher or the others. On shutdown
/// every client gets a close frame.
/// </summary>
internal sealed partial class WebSocketBroadcaster<TMessage> : IDisposable
{
    private const string StoppingDescription = "The Results service is stopping.";

    private static readonly ActivitySource s_source = new(AiMeshTelemetry.SourceName("Results"));

    private readonly ConcurrentDictionary<long, WebSocketSubscriber> _clients = new();
    private readonly ResultsOptions _options;
    private readonly ResultsMetrics _metrics;
    private readonly ILogger<WebSocketBroadcaster<TMessage>> _logger;
    private readonly CancellationTokenRegistration _stopping;
    private long _lastClientId;
    private volatile bool _stopped;

    public WebSocketBroadcaster(
        BroadcastStream<TMessage> stream,
        IOptions<ResultsOptions> options,
        ResultsMetrics metrics,
        IHostApplicationLifetime lifetime,
        ILogger<WebSocketBroadcaster<TMessage>> logger)
    {
        Stream = stream;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        // ApplicationStopping comes before the server stops, which waits for open requests: closing the
        // sockets first lets their requests end instead of holding up shutdown.
        _stopping = lifetime.ApplicationStopping.Register(DisconnectAll);
    }

    public BroadcastStream<TMessage> Stream { get; }

    /// <summary>How many clients are connected now.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>Sends <paramref name="message"/> to every connected client, as one JSON text frame.</summary>
    public void Publish(TMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_clients.IsEmpty)
        {
            return;
        }

        // A child of the message's processing span, so the push ends the text's trace. Sending is
        // each client's own loop; this covers handing the frame to every client's queue.
        using var activity = s_source.StartActivity(Stream.PushActivityName, ActivityKind.Producer);
        if (activity is not null)
        {
            Stream.DescribePush(activity, message);
            activity.SetTag("aimesh.websocket.clients", _clients.Count);
        }

        // Encoded once for all clients.
        var frame = JsonSerializer.SerializeToUtf8Bytes(message, Stream.Json);
        foreach (var (clientId, client) in _clients)
        {
            if (client.TryEnqueue(frame) || client.IsDisconnecting)
            {
                continue;
            }

            activity?.AddEvent(new ActivityEvent("client dropped: fell behind"));
            _metrics.BroadcastDropped(Stream.Name);
            if (client.Disconnect(WebSocketCloseStatus.PolicyViolation, $"Fell behind: {_options.ClientQueueSize} messages were waiting."))
            {
                LogClientFellBehind(_logger, Stream.Path, clientId, _options.ClientQueueSize);
            }
        }
    }

    /// <summary>Serves one accepted WebSocket until the client leaves, falls behind or the service stops.</summary>
    public async Task ServeAsync(WebSocket socket, CancellationToken requestAborted)
    {
        ArgumentNullException.ThrowIfNull(socket);

        using var client = new WebSocketSubscriber(socket, _options.ClientQueueSize, _options.CloseTimeout);
        var clientId = Interlocked.Increment(ref _lastClientId);
        _clients[clientId] = client;
        _metrics.ClientConnected(Stream.Name);
        LogClientConnected(_logger, Stream.Path, clientId, _clients.Count);
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
            _metrics.ClientDisconnected(Stream.Name);
            LogClientDisconnected(_logger, Stream.Path, clientId, _clients.Count);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Path} client {ClientId} connected; {ClientCount} connected")]
    private static partial void LogClientConnected(ILogger logger, string path, long clientId, int clientCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Path} client {ClientId} disconnected; {ClientCount} connected")]
    private static partial void LogClientDisconnected(ILogger logger, string path, long clientId, int clientCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} client {ClientId} fell behind with {QueueSize} messages waiting; disconnecting it")]
    private static partial void LogClientFellBehind(ILogger logger, string path, long clientId, int queueSize);
}
