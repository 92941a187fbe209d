using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AiMesh.Contracts;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>Reads what <c>/ws/results</c> and <c>/ws/answers</c> send: whole text frames, or the close that ends the stream.</summary>
internal static class WebSocketStreams
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

    public static Task<InferenceResult> ReceiveResultAsync(this WebSocket socket) =>
        socket.ReceiveJsonAsync(ContractsJsonContext.Default.InferenceResult);

    public static Task<List<InferenceResult>> ReceiveResultsAsync(this WebSocket socket, int count) =>
        socket.ReceiveJsonAsync(ContractsJsonContext.Default.InferenceResult, count);

    public static Task<AnswerChunk> ReceiveChunkAsync(this WebSocket socket) =>
        socket.ReceiveJsonAsync(ContractsJsonContext.Default.AnswerChunk);

    public static Task<List<AnswerChunk>> ReceiveChunksAsync(this WebSocket socket, int count) =>
        socket.ReceiveJsonAsync(ContractsJsonContext.Default.AnswerChunk, count);

    private static async Task<T> ReceiveJsonAsync<T>(this WebSocket socket, JsonTypeInfo<T> json)
    {
        var text = await socket.ReceiveTextAsync() ?? throw new InvalidOperationException($"The server closed the stream: {socket.CloseStatus} {socket.CloseStatusDescription}");
        return JsonSerializer.Deserialize(text, json)!;
    }

    private static async Task<List<T>> ReceiveJsonAsync<T>(this WebSocket socket, JsonTypeInfo<T> json, int count)
    {
        List<T> messages = [];
        while (messages.Count < count)
        {
            messages.Add(await socket.ReceiveJsonAsync(json));
        }

        return messages;
    }
}
