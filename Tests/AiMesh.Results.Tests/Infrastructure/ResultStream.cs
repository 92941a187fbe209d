using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AiMesh.Contracts;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>Reads what <c>/ws/results</c> sends: whole text frames, or the close that ends the stream.</summary>
internal static class ResultStream
{
    /// <summary>The next message as text, or null when the server closed the connection.</summary>
    public static async Task<string?> ReceiveTextAsync(this WebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), TestContext.Current.CancellationToken).AsTask().DefaultTimeout();
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            Assert.Equal(WebSocketMessageType.Text, received.MessageType);
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    public static async Task<InferenceResult> ReceiveResultAsync(this WebSocket socket)
    {
        var text = await socket.ReceiveTextAsync() ?? throw new InvalidOperationException($"The server closed the stream: {socket.CloseStatus} {socket.CloseStatusDescription}");
        return JsonSerializer.Deserialize(text, ContractsJsonContext.Default.InferenceResult)!;
    }

    public static async Task<List<InferenceResult>> ReceiveResultsAsync(this WebSocket socket, int count)
    {
        List<InferenceResult> results = [];
        while (results.Count < count)
        {
            results.Add(await socket.ReceiveResultAsync());
        }

        return results;
    }
}
