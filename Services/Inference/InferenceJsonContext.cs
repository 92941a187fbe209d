using System.Text.Json;
using System.Text.Json.Serialization;
using AiMesh.Inference.Ai;
using AiMesh.Inference.Apis;
using AiMesh.Inference.Caching;

namespace AiMesh.Inference;

/// <summary>
/// Source-generated JSON for the service's own shapes: the cache entry, the status document, and what it
/// reads of the Ai service's model list (not a contract: only Inference reads it, and only the names).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CachedAnswer))]
[JsonSerializable(typeof(InferenceStatus))]
[JsonSerializable(typeof(AiModelList))]
internal sealed partial class InferenceJsonContext : JsonSerializerContext;
