using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiMesh.Tests.OpenAi;

/// <summary>
/// One request exactly as the <see cref="OpenAiStandIn"/> received it, so a test can assert on what the
/// client put on the wire (path, bearer key, attribution headers, model, messages, token cap) rather than
/// on what the calling code meant to send. The parsed helpers read <see cref="Body"/> each time and are
/// null, false or empty when the body is not the JSON they expect.
/// </summary>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">The path without the query, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Headers">Every request header, names case-insensitive, repeated values joined by <c>", "</c>.</param>
/// <param name="Body">The body as UTF-8 text; empty when there was none.</param>
public sealed record RecordedChatRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The <c>model</c> the client asked for.</summary>
    public string? Model => StringProperty(Json, "model");

    /// <summary>Whether the client asked for server-sent events (<c>"stream": true</c>).</summary>
    public bool Stream => BoolProperty(Json, "stream");

    /// <summary>Whether a streaming client asked for a final usage chunk (<c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage => BoolProperty(Json?["stream_options"] as JsonObject, "include_usage");

    /// <summary>The <c>Authorization</c> header, e.g. <c>Bearer sk-test</c>.</summary>
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    /// <summary>
    /// The conversation as sent. Content given as an array of parts (the multi-modal form) is reduced to
    /// its text parts, joined.
    /// </summary>
    public IReadOnlyList<(string Role, string Content)> Messages =>
        Json?["messages"] is JsonArray messages
            ? [.. messages.OfType<JsonObject>().Select(message => (StringProperty(message, "role") ?? string.Empty, ContentText(message["content"])))]
            : [];

    /// <summary>
    /// <c>max_completion_tokens</c>, which the OpenAI client sends for a token cap (never the older
    /// <c>max_tokens</c>, which is deliberately not read here).
    /// </summary>
    public int? MaxCompletionTokens =>
        Json?["max_completion_tokens"] is JsonValue value && value.TryGetValue<int>(out var tokens) ? tokens : null;

    private JsonObject? Json
    {
        get
        {
            try
            {
                return JsonNode.Parse(Body) as JsonObject;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    private static string? StringProperty(JsonObject? json, string name) =>
        json?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool BoolProperty(JsonObject? json, string name) =>
        json?[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static string ContentText(JsonNode? content) => content switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray parts => string.Concat(parts.OfType<JsonObject>()
            .Where(part => StringProperty(part, "type") == "text")
            .Select(part => StringProperty(part, "text"))),
        _ => string.Empty,
    };
}
