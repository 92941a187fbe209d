using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiMesh.Ai.Api;

/// <summary>
/// Source-generated JSON for the Ai service's own response types, with the same web defaults as the
/// shared contracts.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ModelList))]
internal sealed partial class AiJsonContext : JsonSerializerContext;
