using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AiMesh.Tests.OpenAi;

/// <summary>
/// What the <see cref="OpenAiStandIn"/> answers to one chat completion request, in OpenAI's real wire
/// format, so the client under test parses it with its own code: the happy path, answers that grow,
/// and each way a provider fails (an error status, a hang, a body that is not JSON, a stream cut off).
/// </summary>
public abstract record StandInReply
{
    // What Answer reports by default and Streamed always: a short prompt.
    private const int DefaultPromptTokens = 12;

    private static readonly char[] s_whitespace = [' ', '\t', '\r', '\n'];

    private protected StandInReply()
    {
    }

    /// <summary>
    /// A whole answer. A non-streaming request gets one <c>chat.completion</c>; a streaming request gets a
    /// <c>chat.completion.chunk</c> per word (leading whitespace kept, so the parts join back to
    /// <paramref name="text"/>), a chunk with the finish reason, a usage chunk when the client asked for
    /// one, then <c>[DONE]</c>.
    /// </summary>
    /// <param name="text">The assistant's whole answer.</param>
    /// <param name="finishReason">OpenAI's <c>finish_reason</c>: <c>stop</c>, <c>length</c>, <c>content_filter</c>…</param>
    /// <param name="promptTokens">Usage reported for the prompt.</param>
    /// <param name="completionTokens">Usage reported for the answer; 0 counts its words.</param>
    public static StandInReply Answer(string text, string finishReason = "stop", int promptTokens = DefaultPromptTokens, int completionTokens = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(finishReason);
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(completionTokens);
        return new AnswerReply(text, finishReason, promptTokens, completionTokens == 0 ? WordCount(text) : completionTokens);
    }

    /// <summary>
    /// Server-sent events with exactly <paramref name="parts"/> as content deltas, each flushed, with
    /// <paramref name="delayBetweenParts"/> between them, so a test can watch an answer grow. Served
    /// the same way to a request that did not ask to stream, as a misbehaving provider would.
    /// </summary>
    public static StandInReply Streamed(IReadOnlyList<string> parts, TimeSpan delayBetweenParts, string finishReason = "stop")
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfLessThan(delayBetweenParts, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(finishReason);
        return new StreamedReply([.. parts], delayBetweenParts, finishReason);
    }

    /// <summary>
    /// An error status with OpenAI's error body (<c>{"error":{"message","type","param","code"}}</c>) and,
    /// when given, <c>Retry-After</c> in whole seconds (rounded up), as rate limits and overloads come.
    /// </summary>
    public static StandInReply Status(int statusCode, TimeSpan? retryAfter = null, string? errorMessage = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (retryAfter is { } delay)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        }

        return new StatusReply(statusCode, retryAfter, errorMessage);
    }

    /// <summary>
    /// Waits <paramref name="delay"/> before serving <paramref name="then"/>, as a provider that is slow
    /// to start answering; the wait ends when the client gives up (the request is aborted).
    /// </summary>
    public static StandInReply Slow(TimeSpan delay, StandInReply then)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(then);
        return new SlowReply(delay, then);
    }

    /// <summary>
    /// 200 with <c>Content-Type: application/json</c> and a body that is not JSON (a cut-off object). A
    /// streaming request gets an event stream whose event is that cut-off object instead: the OpenAI client
    /// reads a non-event body as an empty stream and would not notice anything wrong.
    /// </summary>
    public static StandInReply Malformed() => new MalformedReply();

    /// <summary>
    /// Server-sent events carrying <paramref name="partsBeforeBreak"/>, then the connection is closed with
    /// no finish chunk and no <c>[DONE]</c>, short of the length the response declared, as when a provider
    /// or a proxy drops a stream half-way. The client sees every part, then an <see cref="IOException"/>.
    /// </summary>
    public static StandInReply BrokenStream(IReadOnlyList<string> partsBeforeBreak)
    {
        ArgumentNullException.ThrowIfNull(partsBeforeBreak);
        return new BrokenStreamReply([.. partsBeforeBreak]);
    }

    /// <summary>Writes the reply; throws <see cref="OperationCanceledException"/> when the request is aborted or the stand-in stops.</summary>
    internal abstract Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken);

    private static int WordCount(string text) => text.Split(s_whitespace, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>"Hello from here" → "Hello", " from", " here": each part starts where a word's leading whitespace does.</summary>
    private static List<string> WordParts(string text)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                parts.Add(text[start..i]);
                start = i;
            }
        }

        if (text.Length > 0)
        {
            parts.Add(text[start..]);
        }

        return parts;
    }

    private static string NewCompletionId() => $"chatcmpl-standin-{Guid.NewGuid():N}";

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string ModelOf(RecordedChatRequest request) => request.Model ?? "stand-in";

    private static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), cancellationToken);
    }

    /// <summary>
    /// A whole <c>chat.completion.chunk</c> stream as server-sent events: one per part (the first also
    /// carrying the assistant role), the finish chunk, the usage chunk when the client asked for one, and
    /// <c>[DONE]</c>.
    /// </summary>
    private static List<string> ChunkEvents(RecordedChatRequest request, IReadOnlyList<string> parts, string finishReason, JsonObject usage)
    {
        var id = NewCompletionId();
        var created = Now();
        var model = ModelOf(request);
        JsonObject Chunk(JsonArray choices) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["system_fingerprint"] = null,
            ["choices"] = choices,
        };
        JsonArray Choice(JsonObject delta, string? finish) => new(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["logprobs"] = null,
            ["finish_reason"] = finish,
        });

        var events = new List<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            var delta = i == 0
                ? new JsonObject { ["role"] = "assistant", ["content"] = parts[i] }
                : new JsonObject { ["content"] = parts[i] };
            events.Add(Event(Chunk(Choice(delta, finish: null)).ToJsonString()));
        }

        events.Add(Event(Chunk(Choice([], finishReason)).ToJsonString()));
        if (request.IncludeUsage)
        {
            var usageChunk = Chunk([]);
            usageChunk["usage"] = usage;
            events.Add(Event(usageChunk.ToJsonString()));
        }

        events.Add(Event("[DONE]"));
        return events;
    }

    private static string Event(string data) => $"data: {data}\n\n";

    /// <summary>
    /// Starts an event stream and writes the first <paramref name="count"/> events, each flushed, waiting
    /// <paramref name="delayBetweenParts"/> between the first <paramref name="partCount"/> (the content parts).
    /// </summary>
    private static async Task WriteEventsAsync(
        HttpContext context,
        IReadOnlyList<string> events,
        int count,
        int partCount,
        TimeSpan delayBetweenParts,
        CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(cancellationToken);

        for (var i = 0; i < count; i++)
        {
            if (i > 0 && i < partCount && delayBetweenParts > TimeSpan.Zero)
            {
                await Task.Delay(delayBetweenParts, cancellationToken);
            }

            await context.Response.WriteAsync(events[i], cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }

    private static Task WriteEventStreamAsync(
        HttpContext context,
        RecordedChatRequest request,
        IReadOnlyList<string> parts,
        TimeSpan delayBetweenParts,
        string finishReason,
        JsonObject usage,
        CancellationToken cancellationToken)
    {
        var events = ChunkEvents(request, parts, finishReason, usage);
        return WriteEventsAsync(context, events, events.Count, parts.Count, delayBetweenParts, cancellationToken);
    }

    private sealed record AnswerReply(string Text, string FinishReason, int PromptTokens, int CompletionTokens) : StandInReply
    {
        internal override Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            if (request.Stream)
            {
                return WriteEventStreamAsync(context, request, WordParts(Text), TimeSpan.Zero, FinishReason, Usage(PromptTokens, CompletionTokens), cancellationToken);
            }

            var completion = new JsonObject
            {
                ["id"] = NewCompletionId(),
                ["object"] = "chat.completion",
                ["created"] = Now(),
                ["model"] = ModelOf(request),
                ["system_fingerprint"] = null,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject
                    {
                        ["role"] = "assistant",
                        ["content"] = Text,
                        ["refusal"] = null,
                    },
                    ["logprobs"] = null,
                    ["finish_reason"] = FinishReason,
                }),
                ["usage"] = Usage(PromptTokens, CompletionTokens),
            };
            return WriteJsonAsync(context, StatusCodes.Status200OK, completion, cancellationToken);
        }
    }

    private sealed record StreamedReply(IReadOnlyList<string> Parts, TimeSpan DelayBetweenParts, string FinishReason) : StandInReply
    {
        internal override Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken) =>
            WriteEventStreamAsync(
                context,
                request,
                Parts,
                DelayBetweenParts,
                FinishReason,
                Usage(DefaultPromptTokens, WordCount(string.Concat(Parts))),
                cancellationToken);
    }

    private sealed record StatusReply(int StatusCode, TimeSpan? RetryAfter, string? ErrorMessage) : StandInReply
    {
        internal override Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            if (RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            // The types and codes OpenAI itself sends for these statuses.
            var (type, code, message) = StatusCode switch
            {
                401 => ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
                404 => ("invalid_request_error", null, $"Invalid URL ({request.Method} {request.Path})"),
                429 => ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
                503 => ("server_error", null, "The engine is currently overloaded, please try again later."),
                >= 500 => ("server_error", null, "The server had an error while processing your request."),
                _ => ("invalid_request_error", (string?)null, ReasonPhrases.GetReasonPhrase(StatusCode)),
            };
            var error = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["message"] = ErrorMessage ?? message,
                    ["type"] = type,
                    ["param"] = null,
                    ["code"] = code,
                },
            };
            return WriteJsonAsync(context, StatusCode, error, cancellationToken);
        }
    }

    private sealed record SlowReply(TimeSpan Delay, StandInReply Then) : StandInReply
    {
        internal override async Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            await Task.Delay(Delay, cancellationToken);
            await Then.WriteAsync(context, request, cancellationToken);
        }
    }

    private sealed record MalformedReply : StandInReply
    {
        internal override async Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            if (request.Stream)
            {
                context.Response.ContentType = "text/event-stream";
                await context.Response.WriteAsync(
                    Event("""{"id":"chatcmpl-standin","object":"chat.completion.chunk","choices":[{"index":0,"delta":""") + Event("[DONE]"),
                    cancellationToken);
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"id":"chatcmpl-standin","object":"chat.completion","choices":[{"index":0,"message":""", cancellationToken);
        }
    }

    private sealed record BrokenStreamReply(IReadOnlyList<string> PartsBeforeBreak) : StandInReply
    {
        internal override Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            // The whole stream's length is declared and only the parts are sent, so Kestrel closes the
            // connection once they are out: the client reads every part, then "response ended prematurely".
            // Aborting instead resets the connection, and on Linux a reset discards what the client has not
            // read yet, headers included, so the parts would arrive only sometimes.
            var events = ChunkEvents(request, PartsBeforeBreak, "stop", Usage(DefaultPromptTokens, WordCount(string.Concat(PartsBeforeBreak))));
            context.Response.ContentLength = events.Sum(Encoding.UTF8.GetByteCount);
            context.Response.Headers.Connection = "close";
            return WriteEventsAsync(context, events, PartsBeforeBreak.Count, PartsBeforeBreak.Count, TimeSpan.Zero, cancellationToken);
        }
    }
}
