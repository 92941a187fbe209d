using System.Net.WebSockets;
using System.Threading.Channels;

namespace AiMesh.Results.Broadcasting;

/// <summary>
/// One WebSocket client of a <see cref="BroadcastStream{TMessage}"/>: its own bounded queue of encoded
/// frames, one loop that sends them in order and one that reads what the client sends (its close
/// frame, mostly). Frames are queued a batch at a time (one enqueue for all the results of one
/// stored batch) and sent back to back, each still its own text message; the bound counts frames.
/// </summary>
/// <remarks>
/// Only the send loop writes to the socket, close frame included, since a WebSocket allows one send
/// at a time. Everything that ends the connection goes through <see cref="Disconnect"/>; if the close
/// handshake cannot finish within the close timeout (a client that stopped reading cannot even receive
/// the close frame), the connection is aborted.
/// </remarks>
internal sealed class WebSocketSubscriber : IDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<IReadOnlyList<byte[]>> _queue;
    private readonly int _queueSize;
    private readonly TimeSpan _closeTimeout;
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeDescription = string.Empty;
    private volatile bool _disconnecting;
    private bool _disposed;

    // Frames queued and not yet taken by the send loop: the channel holds batches, the bound is on frames.
    private int _waiting;

    public WebSocketSubscriber(WebSocket socket, int queueSize, TimeSpan closeTimeout)
    {
        _socket = socket;
        _queueSize = queueSize;
        _closeTimeout = closeTimeout;
        // Unbounded as a channel: TryEnqueue reserves room for a batch's frames before writing it.
        _queue = Channel.CreateUnbounded<IReadOnlyList<byte[]>>(new UnboundedChannelOptions { SingleReader = true });
    }

    /// <summary>Set once the connection is ending; nothing more is queued or sent after that.</summary>
    public bool IsDisconnecting => _disconnecting;

    /// <summary>
    /// Queues JSON text frames, all or none; false when they do not all fit (the client has fallen
    /// behind) or the connection is ending.
    /// </summary>
    public bool TryEnqueue(IReadOnlyList<byte[]> frames)
    {
        if (_disconnecting || frames.Count == 0)
        {
            return !_disconnecting;
        }

        int waiting;
        do
        {
            waiting = Volatile.Read(ref _waiting);
            if (waiting + frames.Count > _queueSize)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _waiting, waiting + frames.Count, waiting) != waiting);

        if (_queue.Writer.TryWrite(frames))
        {
            return true;
        }

        // Completed meanwhile: the connection is ending.
        Interlocked.Add(ref _waiting, -frames.Count);
        return false;
    }

    /// <summary>
    /// Ends the connection: what is still queued is dropped, and the close frame with
    /// <paramref name="status"/> follows the frame in flight. False if it was ending already.
    /// </summary>
    public bool Disconnect(WebSocketCloseStatus status, string description)
    {
        lock (_gate)
        {
            if (_disconnecting || _disposed)
            {
                return false;
            }

            _closeStatus = status;
            _closeDescription = description;
            _disconnecting = true;
            _queue.Writer.TryComplete();
            _abort.CancelAfter(_closeTimeout);
            return true;
        }
    }

    /// <summary>Serves the client until the connection ends, whoever ends it.</summary>
    public async Task RunAsync(CancellationToken requestAborted)
    {
        await using var aborted = requestAborted.Register(Abort);
        var receiving = ReceiveUntilClosedAsync();
        await SendUntilDisconnectedAsync();
        await CloseAsync(receiving);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _abort.Dispose();
        }
    }

    private async Task SendUntilDisconnectedAsync()
    {
        try
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                while (!_disconnecting && reader.TryRead(out var frames))
                {
                    foreach (var frame in frames)
                    {
                        if (_disconnecting)
                        {
                            return;
                        }

                        Interlocked.Decrement(ref _waiting);
                        await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
                    }
                }

                if (_disconnecting)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            // Aborted, or the connection broke mid-send: there is nobody left to close politely.
            Abort();
        }
    }

    private async Task ReceiveUntilClosedAsync()
    {
        var buffer = new byte[512];
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), _abort.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    Disconnect(WebSocketCloseStatus.NormalClosure, "Closed by the client.");
                    return;
                }

                // Clients have nothing to tell this endpoint; whatever else they send is read and ignored.
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            // The connection is gone (or missed its keep-alive): stop sending at once.
            Abort();
        }
    }

    private async Task CloseAsync(Task receiving)
    {
        try
        {
            if (!_abort.IsCancellationRequested && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeDescription, _abort.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            Abort();
        }

        // Ends with the client's close frame, or when the close timeout aborts the connection.
        await receiving;
    }

    private void Abort()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disconnecting = true;
                _queue.Writer.TryComplete();
                _abort.Cancel();
            }
        }
    }
}
