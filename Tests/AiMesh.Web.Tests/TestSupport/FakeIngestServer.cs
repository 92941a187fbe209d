using System.Collections.Concurrent;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AiMesh.Web.Tests.TestSupport;

/// <summary>Ingest's <c>POST /api/subscribe</c> on a real Kestrel: accepts every text with a new id.</summary>
internal sealed class FakeIngestServer : IAsyncDisposable
{
    private TestWebServer? _server;

    public Uri Address => _server!.Address;

    /// <summary>The ids handed out so far.</summary>
    public ConcurrentQueue<Guid> Accepted { get; } = new();

    public static async Task<FakeIngestServer> StartAsync()
    {
        var fake = new FakeIngestServer();
        fake._server = await TestWebServer.StartAsync(app => app.MapPost("/api/subscribe", () =>
        {
            var id = Guid.NewGuid();
            fake.Accepted.Enqueue(id);
            return Results.Text($$"""{"id":"{{id}}"}""", "application/json", statusCode: StatusCodes.Status202Accepted);
        }));
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
