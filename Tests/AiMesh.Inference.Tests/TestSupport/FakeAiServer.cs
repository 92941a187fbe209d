using System.Collections.Concurrent;
using AiMesh.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// A stand-in for one Ai replica: real Kestrel on 127.0.0.1, <c>POST /api/infer</c> answering as
/// <see cref="Instance"/>, recording every request. <see cref="Respond"/> decides each answer (by call
/// number, from 1); by default every call succeeds.
/// </summary>
internal sealed class FakeAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private FakeAiServer(WebApplication app, string instance)
    {
        _app = app;
        Instance = instance;
    }

    public string Instance { get; }

    public Uri Address { get; private set; } = null!;

    public ConcurrentQueue<InferRequest> Requests { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Answers call number n (from 1); null means the default success.</summary>
    public Func<int, InferRequest, Task<IResult?>> Respond { get; set; } = (_, _) => Task.FromResult<IResult?>(null);

    public static async Task<FakeAiServer> StartAsync(string instance)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractsJsonContext.Default));

        var app = builder.Build();
        var server = new FakeAiServer(app, instance);
        app.MapPost("/api/infer", server.InferAsync);
        await app.StartAsync().DefaultTimeout();

        server.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>The label this server gives a text: the same for the same text, whichever replica answers.</summary>
    public static string LabelFor(string text) => text.Contains("good", StringComparison.OrdinalIgnoreCase) ? "positive" : "negative";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }

    private async Task<IResult> InferAsync(InferRequest request)
    {
        Requests.Enqueue(request);
        var call = Interlocked.Increment(ref _calls);
        return await Respond(call, request)
            ?? TypedResults.Ok(new InferResponse(LabelFor(request.Text), 0.9, request.Model ?? "default", Instance));
    }
}
