using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiMesh.Ingest.Apis;

/// <summary>Source-generated JSON for Ingest's own HTTP bodies, camelCase like the contracts.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubmitTextRequest))]
[JsonSerializable(typeof(SubscriptionAccepted))]
[JsonSerializable(typeof(KafkaStatus))]
[JsonSerializable(typeof(IReadOnlyList<DeadLetters.DeadLetterEntry>))]
[JsonSerializable(typeof(IReadOnlyList<DeadLetters.ReplayedDeadLetter>))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
