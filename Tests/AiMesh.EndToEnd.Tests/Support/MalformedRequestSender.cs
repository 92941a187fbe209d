using AiMesh.Tests.Http;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>
/// Sends a <see cref="MalformedRequest"/> over a plain socket, byte for byte, so that Content-Length, the
/// body and the client's pace are whatever the request says (HttpClient would correct them).
/// </summary>
internal static class MalformedRequestSender
{
    private static readonly TimeSpan s_trickleDelay = TimeSpan.FromMilliseconds(150);

    /// <summary>The answer; its status is null when the connection ended without one.</summary>
    public static async Task<RawHttpResponse> SendAsync(Uri endpoint, string path, MalformedRequest request, CancellationToken cancellationToken)
    {
        using var raw = await RawHttpRequest.StartPostAsync(endpoint, path, request.DeclaredLength ?? request.Body.Length, request.ContentType);
        try
        {
            if (request.Ending == RequestEnding.Trickle)
            {
                for (var i = 0; i < request.Body.Length; i++)
                {
                    await raw.SendAsync(request.Body.AsMemory(i, 1));
                    await Task.Delay(s_trickleDelay, cancellationToken);
                }
            }
            else
            {
                await raw.SendAsync(request.Body);
            }

            if (request.Ending == RequestEnding.ShortThenClose)
            {
                raw.EndSending();
            }
        }
        catch (IOException)
        {
            // The server answered (or gave up) before reading everything: its answer may still be there.
        }

        return await raw.ReadResponseAsync();
    }
}
