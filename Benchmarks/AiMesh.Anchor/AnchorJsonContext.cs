using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiMesh.Anchor;

/// <summary>The same body Ingest's <c>POST /api/subscribe</c> reads: a text and, optionally, a model.</summary>
internal sealed record SubmitText(string Text, string? Model);

/// <summary>The same body Ingest's 202 carries.</summary>
internal sealed record Accepted(Guid Id, DateTimeOffset AcceptedAt);

/// <summary>Source-generated JSON, as Ingest's own.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubmitText))]
[JsonSerializable(typeof(Accepted))]
internal sealed partial class AnchorJsonContext : JsonSerializerContext;
