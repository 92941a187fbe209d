using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AiMesh.ServiceDefaults.Resilience;

namespace AiMesh.Web.Feed;

/// <summary>
/// Follows one of Results' WebSockets for the whole process: ONE connection, however many pages are
/// open, each text message read as a <typeparamref name="TMessage"/> and handed to <see cref="OnMessage"/>.
/// A dropped or refused connection is retried with a capped exponential backoff, on the next replica.
/// </summary>
/// <remarks>
/// <see cref="ResultsFeed"/> (<c>/ws/results</c>) and <see cref="AnswersFeed"/> (<c>/ws/answers</c>)
/// differ only in what a message is and what they keep of it; the connection is this one piece of code.
/// </remarks>
public abstract partial class ResultsSocketFeed<TMessage> : BackgroundService
    where TMessage : class
{
    private readonly ResultsSocketAddress _address;
    private readonly JsonTypeInfo<TMessage> _messageType;
    private readonly ResultsFeedOptions _options;
    private readonly ILogger _logger;
    private int _status = (int)FeedStatus.Connecting;

    protected ResultsSocketFeed(ResultsSocketAddress address, JsonTypeInfo<TMessage> messageType, ResultsFeedOptions options, ILogger logger)
    {
        _address = address;
        _messageType = messageType;
        _options = options;
        _logger = logger;
    }

    /// <summary>Raised when <see cref="Status"/> changes, on the feed's thread.</summary>
    public event Action<FeedStatus>? StatusChanged;

    /// <summary>Whether messages are arriving live.</summary>
    public FeedStatus Status => (FeedStatus)Volatile.Read(ref _status);

    /// <summary>Takes in one message read from the socket, on the feed's thread.</summary>
    protected abstract void OnMessage(TMessage message);

    /// <summary>
    /// Runs beside the receive loop after each (re)connect, e.g. to fetch what was missed while
    /// disconnected; it must handle its own failures. The connection's end waits for it.
    /// </summary>
    protected virtual Task OnConnectedAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <summary>Calls each handler on its own: one page's failure must not starve the others or stop the feed.</summary>
    protected void Raise<T>(Action<T>? handlers, T value)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<T>>())
        {
            try
            {
                handler(value);
            }
            catch (Exception exception)
            {
                LogSubscriberFailed(_logger, exception);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay);
        while (!stoppingToken.IsCancellationRequested)
        {
            Uri? address = null;
            try
            {
                address = await _address.NextAsync(stoppingToken).ConfigureAwait(false);
                await FollowAsync(address, backoff, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogConnectionLost(_logger, address, exception.Message, exception);
            }

            SetStatus(FeedStatus.Reconnecting);
            try
            {
                await Task.Delay(backoff.NextDelay(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connection, from opening to its end.</summary>
    private async Task FollowAsync(Uri address, ExponentialBackoff backoff, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        // Pings keep idle proxies from closing the connection, and an unanswered one (Results always has a
        // receive pending, so it answers) ends a half-open connection that would otherwise look live forever.
        socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
        socket.Options.KeepAliveTimeout = _options.KeepAliveInterval * 2;

        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(address, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Opening {address} took longer than {_options.ConnectTimeout}.");
            }
        }

        backoff.Reset();
        LogConnected(_logger, address);
        SetStatus(FeedStatus.Live);

        // Receive at once, so pushes are not held up behind whatever the connect hook does.
        var connected = OnConnectedAsync(stoppingToken);
        try
        {
            await ReceiveAsync(socket, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await connected.ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken stoppingToken)
    {
        var message = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            message.ResetWrittenCount();
            ValueWebSocketReceiveResult received;
            do
            {
                if (message.WrittenCount >= _options.MaxMessageBytes)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", stoppingToken).ConfigureAwait(false);
                    throw new InvalidDataException($"Results sent a message over {_options.MaxMessageBytes} bytes.");
                }

                received = await socket.ReceiveAsync(message.GetMemory(4096), stoppingToken).ConfigureAwait(false);
                message.Advance(received.Count);
            }
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                LogClosedByServer(_logger, socket.CloseStatus, socket.CloseStatusDescription);
                await CloseQuietlyAsync(socket).ConfigureAwait(false);
                return;
            }

            if (TryRead(message.WrittenSpan) is { } read)
            {
                OnMessage(read);
            }
        }
    }

    private TMessage? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, _messageType);
        }
        catch (JsonException exception)
        {
            // One bad message should not cost the connection: the next one is probably fine.
            LogUnreadableMessage(_logger, typeof(TMessage).Name, exception.Message);
            return null;
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The connection is going away either way.
        }
    }

    private void SetStatus(FeedStatus status)
    {
        if (Interlocked.Exchange(ref _status, (int)status) != (int)status)
        {
            Raise(StatusChanged, status);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Following {Address}.")]
    private static partial void LogConnected(ILogger logger, Uri address);

    [LoggerMessage(2, LogLevel.Warning, "The WebSocket at {Address} failed ({Reason}); reconnecting.")]
    private static partial void LogConnectionLost(ILogger logger, Uri? address, string reason, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Results closed the WebSocket ({Status} {Description}); reconnecting.")]
    private static partial void LogClosedByServer(ILogger logger, WebSocketCloseStatus? status, string? description);

    [LoggerMessage(4, LogLevel.Warning, "Skipped a WebSocket message that is not a {MessageType}: {Reason}")]
    private static partial void LogUnreadableMessage(ILogger logger, string messageType, string reason);

    [LoggerMessage(6, LogLevel.Error, "A feed subscriber failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
