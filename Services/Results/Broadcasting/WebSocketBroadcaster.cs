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
/// <see cref="Publish"/> and <see cref="PublishMany"/> never wait for a client: each has its own bounded
/// queue, and one whose queue has no room is disconnected rather than allowed to hold up the publisher
/// or the others. On shutdown every client gets a close frame.
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
        PublishMany([message]);
    }

    /// <summary>
    /// Sends <paramref name="messages"/> to every connected client in order, each as its own JSON text
    /// frame: each is encoded once for all clients, and each client gets the lot in one enqueue (a
    /// client without room for all of them has fallen behind and is disconnected).
    /// </summary>
    /// <param name="messages">What to send, in the order clients receive it.</param>
    /// <param name="links">
    /// The push is one span, a child of the current activity (the processing span of one of the
    /// messages); these link it to the processing spans of the others, so each message's trace shows it.
    /// </param>
    public void PublishMany(IReadOnlyList<TMessage> messages, IEnumerable<ActivityLink>? links = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (_clients.IsEmpty || messages.Count == 0)
        {
            return;
        }

        // The last step of the texts' traces. Sending is each client's own loop; this covers encoding
        // the frames and handing them to every client's queue.
        using var activity = s_source.StartActivity(Stream.PushActivityName, ActivityKind.Producer, parentContext: default, links: links);
        if (activity is not null)
        {
            if (messages.Count == 1)
            {
                Stream.DescribePush(activity, messages[0]);
            }

            activity.SetTag("aimesh.websocket.messages", messages.Count);
            activity.SetTag("aimesh.websocket.clients", _clients.Count);
        }

        var frames = new byte[messages.Count][];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = JsonSerializer.SerializeToUtf8Bytes(messages[i], Stream.Json);
        }

        foreach (var (clientId, client) in _clients)
        {
            if (client.TryEnqueue(frames) || client.IsDisconnecting)
            {
                continue;
            }

            activity?.AddEvent(new ActivityEvent("client dropped: fell behind"));
            _metrics.BroadcastDropped(Stream.Name);
            if (client.Disconnect(WebSocketCloseStatus.PolicyViolation, $"Fell behind: more than {_options.ClientQueueSize} messages would be waiting."))
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
