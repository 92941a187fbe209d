using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiMesh.Contracts;

/// <summary>
/// Source-generated JSON for every contract, with the web defaults (camelCase) that ASP.NET Core uses,
/// so a message reads the same on Kafka, over HTTP and on the WebSocket.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TextSubmitted))]
[JsonSerializable(typeof(InferenceResult))]
[JsonSerializable(typeof(InferRequest))]
[JsonSerializable(typeof(InferResponse))]
[JsonSerializable(typeof(InferBatchRequest))]
[JsonSerializable(typeof(InferBatchResponse))]
[JsonSerializable(typeof(AnswerRequest))]
[JsonSerializable(typeof(AnswerEvent))]
[JsonSerializable(typeof(AnswerChunk))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
