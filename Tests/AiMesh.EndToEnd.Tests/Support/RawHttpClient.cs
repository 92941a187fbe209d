using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>An answer to a <see cref="MalformedRequest"/>: its status, or null when the connection ended without one.</summary>
internal sealed record RawResponse(int? StatusCode, string Head, string Body);

/// <summary>
/// Sends a <see cref="MalformedRequest"/> over a plain socket, byte for byte, so that Content-Length, the
/// body and the client's pace are whatever the request says (HttpClient would correct them).
/// </summary>
internal static class RawHttpClient
{
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_trickleDelay = TimeSpan.FromMilliseconds(150);

    public static async Task<RawResponse> SendAsync(Uri endpoint, string path, MalformedRequest request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
        var stream = client.GetStream();

        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: {endpoint.Authority}\r\n")
            .Append(request.ContentType is null ? "" : $"Content-Type: {request.ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {request.DeclaredLength ?? request.Body.Length}\r\nConnection: close\r\n\r\n")
            .ToString();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
            if (request.Ending == RequestEnding.Trickle)
            {
                foreach (var value in request.Body)
                {
                    await stream.WriteAsync(new[] { value }, cancellationToken);
                    await Task.Delay(s_trickleDelay, cancellationToken);
                }
            }
            else
            {
                await stream.WriteAsync(request.Body, cancellationToken);
            }

            if (request.Ending == RequestEnding.ShortThenClose)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server answered (or gave up) before reading everything: its answer may still be there.
        }

        return await ReadAnswerAsync(stream, cancellationToken);
    }

    private static async Task<RawResponse> ReadAnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_answerTimeout);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer was sent is fine; a reset before it leaves no status.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete answer within {s_answerTimeout}; got {received.Length} bytes.");
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var responseHead = split < 0 ? text : text[..split];
        var body = split < 0 ? "" : text[(split + 4)..];
        var parts = responseHead.Split(' ', 3);
        int? status = parts.Length >= 2 && parts[0].StartsWith("HTTP/", StringComparison.Ordinal) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var code) ? code : null;
        return new RawResponse(status, responseHead, body);
    }
}
