using System.Collections.Concurrent;
using AiMesh.Contracts;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// A stand-in for one Ai replica: real Kestrel on 127.0.0.1, <c>POST /api/infer</c> answering as
/// <see cref="Instance"/>, recording every request. <see cref="Respond"/> decides each answer (by call
/// number, from 1); by default every call succeeds.
/// </summary>
internal sealed class FakeAiServer : IAsyncDisposable
{
    private TestWebServer? _server;
    private int _calls;

    private FakeAiServer(string instance) => Instance = instance;

    public string Instance { get; }

    public Uri Address => _server!.Address;

    public ConcurrentQueue<InferRequest> Requests { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Answers call number n (from 1); null means the default success.</summary>
    public Func<int, InferRequest, Task<IResult?>> Respond { get; set; } = (_, _) => Task.FromResult<IResult?>(null);

    public static async Task<FakeAiServer> StartAsync(string instance)
    {
        var server = new FakeAiServer(instance);
        server._server = await TestWebServer.StartAsync(
            app => app.MapPost("/api/infer", server.InferAsync),
            builder => builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default)));
        return server;
    }

    /// <summary>The label this server gives a text: the same for the same text, whichever replica answers.</summary>
    public static string LabelFor(string text) => text.Contains("good", StringComparison.OrdinalIgnoreCase) ? "positive" : "negative";

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<IResult> InferAsync(InferRequest request)
    {
        Requests.Enqueue(request);
        var call = Interlocked.Increment(ref _calls);
        return await Respond(call, request)
            ?? TypedResults.Ok(new InferResponse(LabelFor(request.Text), 0.9, request.Model ?? "default", Instance));
    }
}
