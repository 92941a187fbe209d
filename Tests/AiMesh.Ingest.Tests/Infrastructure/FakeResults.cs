using System.Collections.Concurrent;
using AiMesh.Contracts;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>
/// Stands in for the Results service on a free 127.0.0.1 port (real Kestrel): <c>GET /api/results/{id}</c>
/// answers 200 with the result for <see cref="KnownId"/>, 404 problem details for any other id, and
/// records every id it was asked for.
/// </summary>
public sealed class FakeResults : IAsyncLifetime
{
    public static readonly Guid KnownId = Guid.CreateVersion7();

    public static readonly InferenceResult KnownResult = new(
        KnownId,
        "I love this",
        "positive",
        0.97,
        "sentiment-small",
        "inference-1a2b3c4d",
        "ai-5e6f7a8b",
        Cached: false,
        new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        new DateTimeOffset(2025, 1, 2, 3, 4, 6, TimeSpan.Zero));

    private TestWebServer? _server;

    public Uri Address => _server!.Address;

    public ConcurrentQueue<string> RequestedIds { get; } = new();

    public async ValueTask InitializeAsync()
    {
        _server = await TestWebServer.StartAsync(
            app => app.MapGet("/api/results/{id}", (string id) =>
            {
                RequestedIds.Enqueue(id);
                return id == KnownId.ToString()
                    ? Results.Ok(KnownResult)
                    : Results.Problem(detail: $"No result for {id} yet.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }),
            builder =>
            {
                builder.Services.AddProblemDetails();
                builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default));
            });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
