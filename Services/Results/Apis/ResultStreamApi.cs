using AiMesh.Results.Broadcasting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiMesh.Results.Apis;

/// <summary>
/// <c>/ws/results</c>: a WebSocket on which every newly stored result arrives as one JSON text frame
/// (an <c>InferenceResult</c>, camelCase). Clients send nothing; the server pings them to keep the
/// connection open. Anything but a WebSocket request gets a 400 problem.
/// </summary>
internal static class ResultStreamApi
{
    public const string Path = "/ws/results";

    public static IEndpointRouteBuilder MapResultStream(this IEndpointRouteBuilder app)
    {
        app.Map(Path, ConnectAsync)
            .WithName("ResultStream")
            .WithSummary("Stream newly stored results over a WebSocket.");
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ConnectAsync(
        HttpContext context,
        ResultBroadcaster broadcaster,
        IOptions<ResultsOptions> options)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket required",
                detail: $"{Path} streams results over a WebSocket only: open it with a WebSocket client (ws:// or wss://).");
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
