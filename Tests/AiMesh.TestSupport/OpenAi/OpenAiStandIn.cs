using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiMesh.Tests.OpenAi;

/// <summary>
/// An OpenAI-compatible <c>POST /v1/chat/completions</c> on a free 127.0.0.1 port, standing in for
/// OpenRouter or any other provider, so the real OpenAI client is tested over real sockets without a key
/// or the internet. It records every request it receives and answers each with the next queued
/// <see cref="StandInReply"/> (or <see cref="DefaultReply"/>), which is how a test scripts rate limits,
/// outages, slow and broken streams. Requests are served concurrently; every path but that one is a
/// recorded 404.
/// </summary>
public sealed class OpenAiStandIn : IAsyncDisposable
{
    private const string ChatCompletionsPath = "/v1/chat/completions";
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<RecordedChatRequest> _requests = [];
    private readonly Queue<StandInReply> _replies = new();

    // Ends replies still being served (a Slow wait, a Streamed delay) when the stand-in is disposed,
    // so disposal never waits on a script.
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private StandInReply _defaultReply = StandInReply.Answer("Hello from the stand-in.");

    private OpenAiStandIn()
    {
    }

    /// <summary>The OpenAI client's <c>Endpoint</c>, e.g. <c>http://127.0.0.1:41234/v1/</c>; it posts to <c>{BaseUrl}chat/completions</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request received so far, in arrival order; a snapshot, safe to read while requests come in.</summary>
    public IReadOnlyList<RecordedChatRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>What a chat completion request gets when nothing is queued.</summary>
    public StandInReply DefaultReply
    {
        get
        {
            lock (_gate)
            {
                return _defaultReply;
            }
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                _defaultReply = value;
            }
        }
    }

    public static async Task<OpenAiStandIn> StartAsync(CancellationToken cancellationToken = default)
    {
        var standIn = new OpenAiStandIn();
        try
        {
            await standIn.StartServerAsync(cancellationToken);
            return standIn;
        }
        catch
        {
            await standIn.DisposeAsync();
            throw;
        }
    }

    /// <summary>Queues replies for the next chat completion requests, one each, in this order.</summary>
    public void Enqueue(params StandInReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            ArgumentNullException.ThrowIfNull(reply);
        }

        lock (_gate)
        {
            foreach (var reply in replies)
            {
                _replies.Enqueue(reply);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(s_stopTimeout);
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });

        // Hermetic: no appsettings.json or ASPNETCORE_ variables of the test host can move or reshape it.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();

        var app = builder.Build();
        app.Run(ServeAsync);
        _app = app;
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(new Uri(address), "/v1/");
    }

    private async Task ServeAsync(HttpContext context)
    {
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            var request = await RecordAsync(context, serving.Token);
            var reply = request.Method == HttpMethods.Post && request.Path == ChatCompletionsPath
                ? NextReply()
                : StandInReply.Status(StatusCodes.Status404NotFound);
            await reply.WriteAsync(context, request, serving.Token);
        }
        catch (OperationCanceledException) when (serving.IsCancellationRequested)
        {
            // The client went away or the stand-in is stopping: nothing more is owed to anyone.
            context.Abort();
        }
    }

    private async Task<RecordedChatRequest> RecordAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var headers = context.Request.Headers.ToDictionary(
            header => header.Key,
            header => header.Value.ToString(),
            StringComparer.OrdinalIgnoreCase).AsReadOnly();
        var request = new RecordedChatRequest(
            context.Request.Method,
            context.Request.PathBase.Add(context.Request.Path).Value ?? "/",
            headers,
            body);

        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

    private StandInReply NextReply()
    {
        lock (_gate)
        {
            return _replies.TryDequeue(out var reply) ? reply : _defaultReply;
        }
    }
}
