using System.Net.Sockets;
using System.Text;

namespace AiMesh.Tests.Http;

/// <summary>
/// An HTTP/1.1 request written byte by byte on a TcpClient, for what HttpClient refuses to send: a body
/// shorter than its Content-Length, or one that trickles in.
/// </summary>
public sealed class RawHttpRequest : IDisposable
{
    private readonly TcpClient _tcp = new();

    // Taken once: TcpClient refuses to hand out its stream after the sending side is shut down.
    private NetworkStream _stream = null!;

    private RawHttpRequest()
    {
    }

    /// <summary>
    /// Connects and sends the head of a POST to <paramref name="path"/> that announces <paramref name="contentLength"/>
    /// bytes of <paramref name="contentType"/> (no Content-Type header when null).
    /// </summary>
    public static async Task<RawHttpRequest> StartPostAsync(Uri server, string path, long contentLength, string? contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(server);

        var request = new RawHttpRequest();
        await request._tcp.ConnectAsync(server.Host, server.Port, TestContext.Current.CancellationToken);
        request._stream = request._tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\n" +
            (contentType is null ? "" : $"Content-Type: {contentType}\r\n") +
            $"Content-Length: {contentLength}\r\nConnection: close\r\n\r\n";
        await request.SendAsync(Encoding.ASCII.GetBytes(head));
        return request;
    }

    public Task SendAsync(ReadOnlyMemory<byte> bytes) => _stream.WriteAsync(bytes, TestContext.Current.CancellationToken).AsTask();

    /// <summary>Tells the server no more bytes will come, keeping the way back open.</summary>
    public void EndSending() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>
    /// Reads until the server closes the connection (the request said <c>Connection: close</c>) or
    /// resets it; what arrived before a reset still counts.
    /// </summary>
    public async Task<RawHttpResponse> ReadResponseAsync()
    {
        using var received = new MemoryStream();
        try
        {
            await _stream.CopyToAsync(received, TestContext.Current.CancellationToken);
        }
        catch (IOException)
        {
            // Reset by the server: the response, if any, is what came before.
        }

        return RawHttpResponse.Parse(received.ToArray());
    }

    public void Dispose() => _tcp.Dispose();
}
