using System.Text.Json;
using AiMesh.Contracts;
using Microsoft.AspNetCore.Http;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// An answer as the Ai service's <c>POST /api/answer</c> streams it: 200, <c>application/x-ndjson</c>, the
/// <c>AiMesh-Instance</c> header, then one <see cref="AnswerEvent"/> per line, each flushed as it is written.
/// </summary>
/// <param name="instance">The Ai replica named in the header; null leaves the header out.</param>
/// <param name="lines">The lines, in order.</param>
internal sealed class StreamedAnswerResult(string? instance, IReadOnlyList<AnswerEvent> lines) : IResult
{
    /// <summary>How long the server thinks before the headers go out, as the Ai service waits for the provider's first token.</summary>
    public TimeSpan HeadersDelay { get; init; }

    /// <summary>Whether the stream stays open and silent after the lines, as a provider that stalls.</summary>
    public bool ThenStall { get; init; }

    public async Task ExecuteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        var aborted = context.RequestAborted;
        await Task.Delay(HeadersDelay, aborted);
        context.Response.ContentType = "application/x-ndjson";
        if (instance is not null)
        {
            context.Response.Headers[AnswerEvent.InstanceHeader] = instance;
        }

        await context.Response.StartAsync(aborted);
        foreach (var line in lines)
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, line, ContractsJsonContext.Default.AnswerEvent, aborted);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), aborted);
            await context.Response.Body.FlushAsync(aborted);
        }

        if (ThenStall)
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }
    }
}
