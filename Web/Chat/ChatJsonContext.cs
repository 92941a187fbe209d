using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiMesh.Web.Chat;

/// <summary>Source-generated JSON for the conversation the tab keeps, with the web defaults (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SavedConversation))]
public sealed partial class ChatJsonContext : JsonSerializerContext;
