using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AiMesh.Benchmarks.Load;

/// <summary>
/// The load generator's side of <c>POST /api/subscribe</c>, the same for the anchor and for Ingest: a
/// pooled HTTP/1.1 client, a small JSON body per text, and the id read from a 202's body.
/// </summary>
internal sealed class FrontDoor(Uri endpoint, int maxConnections) : IDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = endpoint,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<Submission> PostAsync(string text, string? model, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(Body(text, model));
            content.Headers.ContentType = s_json;
            using var response = await _http.PostAsync("/api/subscribe", content, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return new Submission((int)response.StatusCode, null, elapsed, Encoding.UTF8.GetString(body), started);
            }

            using var accepted = JsonDocument.Parse(body);
            return new Submission((int)response.StatusCode, accepted.RootElement.GetProperty("id").GetGuid(), elapsed, null, started);
        }
        catch (HttpRequestException exception)
        {
            return new Submission(0, null, Stopwatch.GetElapsedTime(started), exception.Message, started);
        }
    }

    public void Dispose() => _http.Dispose();

    private static byte[] Body(string text, string? model)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("text", text);
            if (model is not null)
            {
                json.WriteString("model", model);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
