using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.ServiceDefaults.Resilience;
using AiMesh.Web.Clients;
using Microsoft.Extensions.Options;

namespace AiMesh.Web.Feed;

/// <summary>
/// Follows Results for the whole process: ONE WebSocket to Results, however many pages are open, and
/// the latest results in a <see cref="ResultStore"/>. Pages read <see cref="Latest"/> and subscribe to
/// <see cref="ResultReceived"/> and <see cref="StatusChanged"/>.
/// </summary>
/// <remarks>
/// After every (re)connect the latest results are also fetched over HTTP, filling whatever was missed
/// while disconnected; the store drops what arrives twice. A dropped or refused connection is retried
/// with a capped exponential backoff.
/// </remarks>
public sealed partial class ResultsFeed : BackgroundService
{
    private readonly ResultStore _store;
    private readonly ResultsSocketAddress _address;
    private readonly IServiceScopeFactory _scopes;
    private readonly ResultsFeedOptions _options;
    private readonly ILogger<ResultsFeed> _logger;
    private int _status = (int)FeedStatus.Connecting;

    public ResultsFeed(
        ResultsSocketAddress address,
        IServiceScopeFactory scopes,
        IOptions<ResultsFeedOptions> options,
        ILogger<ResultsFeed> logger)
    {
        _store = new ResultStore(options.Value.Capacity);
        _address = address;
        _scopes = scopes;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Raised once for each result the store took (never for one it already held), on the feed's
    /// threads (the WebSocket and the gap fill may raise it at the same time): handlers must be quick,
    /// thread-safe, and must not touch UI state directly.
    /// </summary>
    public event Action<InferenceResult>? ResultReceived;

    /// <summary>Raised when <see cref="Status"/> changes, on the feed's thread.</summary>
    public event Action<FeedStatus>? StatusChanged;

    /// <summary>Whether results are arriving live.</summary>
    public FeedStatus Status => (FeedStatus)Volatile.Read(ref _status);

    /// <summary>How many handlers <see cref="ResultReceived"/> has: a page that forgot to unsubscribe shows here.</summary>
    internal int ResultSubscribers => ResultReceived?.GetInvocationList().Length ?? 0;

    /// <summary>The latest results, newest first.</summary>
    public IReadOnlyList<InferenceResult> Latest => _store.Latest();

    /// <summary>The result for <paramref name="id"/>, if it is among the latest.</summary>
    public InferenceResult? Find(Guid id) => _store.Find(id);

    /// <summary>Takes results in, wherever they came from, and tells subscribers about the new ones.</summary>
    internal void Accept(IEnumerable<InferenceResult> results)
    {
        foreach (var result in results)
        {
            if (_store.Add(result))
            {
                Raise(ResultReceived, result);
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

        // Receive at once, so pushes are not held up behind the HTTP call that fills the gap.
        var gapFill = FillGapAsync(stoppingToken);
        try
        {
            await ReceiveAsync(socket, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await gapFill.ConfigureAwait(false);
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

            if (TryRead(message.WrittenSpan) is { } result)
            {
                Accept([result]);
            }
        }
    }

    private InferenceResult? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ContractsJsonContext.Default.InferenceResult);
        }
        catch (JsonException exception)
        {
            // One bad message should not cost the connection: the next one is probably fine.
            LogUnreadableMessage(_logger, exception.Message);
            return null;
        }
    }

    private async Task FillGapAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var scope = _scopes.CreateScope();
            var results = scope.ServiceProvider.GetRequiredService<ResultsClient>();
            var latest = await results.GetLatestAsync(_options.Capacity, stoppingToken).ConfigureAwait(false);
            Accept(latest);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Live results still arrive; only the gap stays open until the next reconnect.
            LogGapFillFailed(_logger, exception.Message, exception);
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

    private void Raise<T>(Action<T>? handlers, T value)
    {
        if (handlers is null)
        {
            return;
        }

        // Each subscriber on its own: one page's failure must not starve the others or stop the feed.
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

    [LoggerMessage(1, LogLevel.Information, "Following results at {Address}.")]
    private static partial void LogConnected(ILogger logger, Uri address);

    [LoggerMessage(2, LogLevel.Warning, "The results WebSocket at {Address} failed ({Reason}); reconnecting.")]
    private static partial void LogConnectionLost(ILogger logger, Uri? address, string reason, Exception exception);

    [LoggerMessage(3, LogLevel.Information, "Results closed the WebSocket ({Status} {Description}); reconnecting.")]
    private static partial void LogClosedByServer(ILogger logger, WebSocketCloseStatus? status, string? description);

    [LoggerMessage(4, LogLevel.Warning, "Skipped a WebSocket message that is not a result: {Reason}")]
    private static partial void LogUnreadableMessage(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Could not fetch the latest results after connecting ({Reason}); some may be missing until the next reconnect.")]
    private static partial void LogGapFillFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "A results subscriber failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
