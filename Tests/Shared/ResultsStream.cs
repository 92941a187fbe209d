using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Contracts;

namespace AiMesh.Tests;

/// <summary>
/// A client of the Results service's <c>/ws/results</c>: hands each result, with the
/// <see cref="Stopwatch"/> timestamp of its arrival, to a callback. Linked into the end-to-end tests
/// and the pipeline benchmark, the two places that watch a whole running model.
/// </summary>
internal sealed class ResultsStream : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<InferenceResult, long> _onResult;
    private Task _receiving = Task.CompletedTask;

    private ResultsStream(Action<InferenceResult, long> onResult) => _onResult = onResult;

    /// <summary>Why the stream ended early (the server closed it or the connection broke), or null while it runs.</summary>
    public string? Failure { get; private set; }

    public static async Task<ResultsStream> ConnectAsync(Uri resultsEndpoint, Action<InferenceResult, long> onResult)
    {
        var stream = new ResultsStream(onResult);
        var uri = new UriBuilder(resultsEndpoint) { Scheme = "ws", Path = "/ws/results" }.Uri;
        await stream._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        stream._receiving = stream.ReceiveAsync();
        return stream;
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
        try
        {
            while (true)
            {
                var frame = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    Failure = $"Results closed the WebSocket ({_socket.CloseStatus} {_socket.CloseStatusDescription}).";
                    return;
                }

                message.Write(buffer, 0, frame.Count);
                if (frame.EndOfMessage)
                {
                    var arrived = Stopwatch.GetTimestamp();
                    var result = JsonSerializer.Deserialize(message.GetBuffer().AsSpan(0, (int)message.Length), ContractsJsonContext.Default.InferenceResult)!;
                    _onResult(result, arrived);
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException ex)
        {
            Failure = $"The results WebSocket broke: {ex.Message}";
        }
    }
}
