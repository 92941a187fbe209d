using System.Text.Json;
using System.Text.Json.Serialization;
using AiMesh.Inference.Apis;
using AiMesh.Inference.Caching;

namespace AiMesh.Inference;

/// <summary>Source-generated JSON for the service's own shapes: the cache entry and the status document.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CachedAnswer))]
[JsonSerializable(typeof(InferenceStatus))]
internal sealed partial class InferenceJsonContext : JsonSerializerContext;
