using AiMesh.Results.Broadcasting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Apis;

/// <summary>
/// The WebSocket endpoints of the <see cref="BroadcastStreams"/>: <c>/ws/results</c> (each newly stored
/// result as one JSON text frame, an <c>InferenceResult</c>) and <c>/ws/answers</c> (each piece of an
/// LLM answer as it arrives, an <c>AnswerChunk</c>), camelCase. Clients send nothing; the server pings
/// them to keep the connection open. Anything but a WebSocket request gets a 400 problem.
/// </summary>
internal static class BroadcastStreamApi
{
    public static IEndpointRouteBuilder MapBroadcastStream<TMessage>(this IEndpointRouteBuilder app, BroadcastStream<TMessage> stream)
    {
        app.Map(stream.Path, ConnectAsync<TMessage>)
            .WithName(stream.EndpointName)
            .WithSummary($"Stream {stream.Contents} over a WebSocket.");
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ConnectAsync<TMessage>(
        HttpContext context,
        WebSocketBroadcaster<TMessage> broadcaster,
        IOptions<ResultsOptions> options)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            var stream = broadcaster.Stream;
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket required",
                detail: $"{stream.Path} streams {stream.Contents} over a WebSocket only: open it with a WebSocket client (ws:// or wss://).");
        }

        var settings = options.Value;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = settings.KeepAliveInterval,
            KeepAliveTimeout = settings.KeepAliveTimeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : settings.KeepAliveTimeout,
        });
        await broadcaster.ServeAsync(socket, context.RequestAborted);
        return TypedResults.Empty;
    }
}
