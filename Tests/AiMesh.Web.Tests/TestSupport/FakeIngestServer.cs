using System.Collections.Concurrent;
using System.Text.Json;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AiMesh.Web.Tests.TestSupport;

/// <summary>
/// Ingest on a real Kestrel: <c>POST /api/subscribe</c> accepts every text with a new id, and
/// <c>GET /api/models</c> answers with <see cref="ModelsJson"/>.
/// </summary>
internal sealed class FakeIngestServer : IAsyncDisposable
{
    /// <summary>The example of the contract: two built-in models, and an LLM model without an API key.</summary>
    public const string ModelsWithUnavailableLlm = """
        {"default":"sentiment","models":[
          {"name":"sentiment","description":"Neural sentiment on all-MiniLM-L6-v2","isDefault":true,"version":"3","labels":["negative","neutral","positive"],"evaluation":{"dataSet":"held-out","examples":600,"accuracy":0.912,"recall":{"positive":0.9}},"ready":true},
          {"name":"sentiment-fast","description":"N-gram sentiment","isDefault":false,"version":"2","labels":["negative","positive"],"evaluation":null,"ready":true}],
         "llms":[{"name":"llm","description":"Answers questions","providerModels":["openai/gpt-4o-mini"],"endpoint":"openrouter.ai","available":false,"unavailableReason":"No API key is configured: set the AppHost's llm-api-key parameter","lastFailure":null}]}
        """;

    private TestWebServer? _server;

    public Uri Address => _server!.Address;

    /// <summary>The ids handed out so far.</summary>
    public ConcurrentQueue<Guid> Accepted { get; } = new();

    /// <summary>The model each accepted text asked for, by id (null when it named none).</summary>
    public ConcurrentDictionary<Guid, string?> Models { get; } = new();

    /// <summary>What <c>GET /api/models</c> answers.</summary>
    public string ModelsJson { get; set; } = ModelsWithUnavailableLlm;

    public static async Task<FakeIngestServer> StartAsync()
    {
        var fake = new FakeIngestServer();
        fake._server = await TestWebServer.StartAsync(app =>
        {
            app.MapPost("/api/subscribe", async (HttpRequest request) =>
            {
                using var body = await JsonDocument.ParseAsync(request.Body);
                var id = Guid.NewGuid();
                fake.Models[id] = body.RootElement.TryGetProperty("model", out var model) ? model.GetString() : null;
                fake.Accepted.Enqueue(id);
                return Results.Text($$"""{"id":"{{id}}"}""", "application/json", statusCode: StatusCodes.Status202Accepted);
            });
            app.MapGet("/api/models", () => Results.Text(fake.ModelsJson, "application/json"));
        });
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
