using System.Collections.Concurrent;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AiMesh.ServiceDefaults.Tests.ServiceDiscovery;

/// <summary>N real servers, each answering <c>/id</c> with its own id and counting its hits.</summary>
internal sealed class ReplicaServers : IAsyncDisposable
{
    private readonly List<TestWebServer> _servers = [];

    public ConcurrentDictionary<string, int> Hits { get; } = new();

    public IReadOnlyList<TestWebServer> Servers => _servers;

    public static async Task<ReplicaServers> StartAsync(int count)
    {
        var replicas = new ReplicaServers();
        for (var i = 0; i < count; i++)
        {
            var id = $"replica-{i}";
            replicas._servers.Add(await TestWebServer.StartAsync(app => app.MapGet("/id", () =>
            {
                replicas.Hits.AddOrUpdate(id, 1, (_, hits) => hits + 1);
                return Results.Text(id);
            })));
        }

        return replicas;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }
}
