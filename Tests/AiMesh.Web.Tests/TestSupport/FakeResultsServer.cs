using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Web.Tests.TestSupport;

/// <summary>
/// Results as the UI sees it, on a real Kestrel: <c>GET /api/results?limit=N</c>,
/// <c>GET /api/results/{id}</c> and the WebSockets <c>/ws/results</c> and <c>/ws/answers</c>, which the
/// test pushes to and drops at will.
/// </summary>
internal sealed class FakeResultsServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, InferenceResult> _stored = new();
    private readonly ConcurrentDictionary<int, Subscriber> _subscribers = new();
    private readonly ConcurrentDictionary<int, Subscriber> _answerSubscribers = new();
    private TestWebServer? _server;
    private int _connections;
    private int _answerConnections;
    private int _latestRequests;

    public Uri Address => _server!.Address;

    /// <summary><c>/ws/results</c> connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary><c>/ws/results</c> connections open now.</summary>
    public int OpenSockets => _subscribers.Count;

    /// <summary><c>/ws/answers</c> connections accepted so far.</summary>
    public int AnswerConnections => Volatile.Read(ref _answerConnections);

    /// <summary><c>/ws/answers</c> connections open now.</summary>
    public int OpenAnswerSockets => _answerSubscribers.Count;

    /// <summary><c>GET /api/results</c> requests answered so far.</summary>
    public int LatestRequests => Volatile.Read(ref _latestRequests);

    public static async Task<FakeResultsServer> StartAsync()
    {
        var fake = new FakeResultsServer();
        fake._server = await TestWebServer.StartAsync(fake.Map, builder => builder.Services.AddProblemDetails());
        return fake;
    }

    /// <summary>Keeps results for the HTTP API only, as if they were stored while nobody listened.</summary>
    public void Store(params InferenceResult[] results)
    {
        foreach (var result in results)
        {
            _stored[result.Id] = result;
        }
    }

    /// <summary>Stores the result and sends it to every open WebSocket.</summary>
    public Task PushAsync(InferenceResult result)
    {
        Store(result);
        return PushRawAsync(JsonSerializer.Serialize(result, ContractsJsonContext.Default.InferenceResult));
    }

    /// <summary>Sends one text message, whatever it holds, to every open WebSocket.</summary>
    public async Task PushRawAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var subscriber in _subscribers.Values)
        {
            await subscriber.SendAsync(bytes);
        }
    }

    /// <summary>Sends a piece of an answer to every open <c>/ws/answers</c>.</summary>
    public Task PushAnswerAsync(AnswerChunk chunk) =>
        PushRawAnswerAsync(JsonSerializer.Serialize(chunk, ContractsJsonContext.Default.AnswerChunk));

    /// <summary>Sends one text message, whatever it holds, to every open <c>/ws/answers</c>.</summary>
    public async Task PushRawAnswerAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var subscriber in _answerSubscribers.Values)
        {
            await subscriber.SendAsync(bytes);
        }
    }

    /// <summary>Cuts every WebSocket without a close handshake, as a crashing server would.</summary>
    public void DropAll()
    {
        foreach (var subscriber in _subscribers.Values.Concat(_answerSubscribers.Values))
        {
            subscriber.Abort();
        }
    }

    /// <summary>Cuts the <c>/ws/answers</c> WebSockets only.</summary>
    public void DropAnswers()
    {
        foreach (var subscriber in _answerSubscribers.Values)
        {
            subscriber.Abort();
        }
    }

    /// <summary>Closes every WebSocket politely, as a server shutting down would.</summary>
    public async Task CloseAllAsync()
    {
        foreach (var subscriber in _subscribers.Values)
        {
            await subscriber.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropAll();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private void Map(WebApplication app)
    {
        app.UseWebSockets();

        app.MapGet("/api/results", (int? limit) =>
        {
            Interlocked.Increment(ref _latestRequests);
            var latest = _stored.Values
                .OrderByDescending(result => result.CompletedAt)
                .Take(limit ?? 20)
                .Select(result => JsonSerializer.Serialize(result, ContractsJsonContext.Default.InferenceResult));
            return Results.Text($"[{string.Join(',', latest)}]", "application/json");
        });

        app.MapGet("/api/results/{id:guid}", (Guid id) =>
            _stored.TryGetValue(id, out var result)
                ? Results.Text(JsonSerializer.Serialize(result, ContractsJsonContext.Default.InferenceResult), "application/json")
                : Results.Problem(statusCode: 404, title: "Not found", detail: $"No result with id {id} yet."));

        app.Map("/ws/results", context => AcceptAsync(context, _subscribers, ref _connections));
        app.Map("/ws/answers", context => AcceptAsync(context, _answerSubscribers, ref _answerConnections));
    }

    private static Task AcceptAsync(HttpContext context, ConcurrentDictionary<int, Subscriber> subscribers, ref int connections)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        return ServeAsync(context, subscribers, Interlocked.Increment(ref connections));
    }

    private static async Task ServeAsync(HttpContext context, ConcurrentDictionary<int, Subscriber> subscribers, int number)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        subscribers[number] = new Subscriber(context, socket);
        try
        {
            // Reading keeps the connection served (pings, the client's close) until it ends.
            var buffer = new byte[1024];
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Dropped by the test or by the client.
        }
        finally
        {
            subscribers.TryRemove(number, out _);
        }
    }

    private sealed class Subscriber(HttpContext context, WebSocket socket)
    {
        private readonly SemaphoreSlim _sending = new(1, 1);

        /// <summary>Cuts the connection, unless it already ended (closed by the client an instant ago).</summary>
        public void Abort()
        {
            try
            {
                context.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public async Task SendAsync(byte[] message)
        {
            await _sending.WaitAsync();
            try
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
            {
                // Gone meanwhile; the feed will reconnect.
            }
            finally
            {
                _sending.Release();
            }
        }

        public async Task CloseAsync()
        {
            await _sending.WaitAsync();
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "shutting down", CancellationToken.None);
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
            {
            }
            finally
            {
                _sending.Release();
            }
        }
    }
}
