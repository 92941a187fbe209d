using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Contracts;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>A WebSocket client of the Results service's <c>/ws/results</c> that keeps every result it is sent.</summary>
internal sealed class ResultsListener : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, InferenceResult> _received = new();
    private Task _receiving = Task.CompletedTask;

    private ResultsListener()
    {
    }

    public IReadOnlyDictionary<Guid, InferenceResult> Received => _received;

    public static async Task<ResultsListener> ConnectAsync(Uri resultsEndpoint)
    {
        var listener = new ResultsListener();
        var uri = new UriBuilder(resultsEndpoint) { Scheme = "ws", Path = "/ws/results" }.Uri;
        await listener._socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        listener._receiving = listener.ReceiveAsync();
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (OperationCanceledException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open)
        {
            var frame = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, frame.Count);
            if (frame.EndOfMessage)
            {
                var result = JsonSerializer.Deserialize(message.ToArray(), ContractsJsonContext.Default.InferenceResult)!;
                _received[result.Id] = result;
                message.SetLength(0);
            }
        }
    }
}
