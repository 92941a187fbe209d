using System.Text.Json;

namespace AiMesh.DevBroker.Control;

/// <summary>
/// The body of <c>POST /request-errors</c>. The request type and the errors may each be a name
/// or a number, so they arrive as raw JSON and are read by <see cref="KafkaNames"/>.
/// </summary>
/// <param name="ApiKey">A <see cref="KafkaApiKey"/> name such as "Produce", or its number.</param>
/// <param name="Errors">Confluent.Kafka <c>ErrorCode</c> names or numbers, used by the next requests in order.</param>
/// <param name="BrokerId">One broker's requests only; absent for requests to any broker.</param>
public sealed record RequestErrorsRequest(JsonElement ApiKey, IReadOnlyList<JsonElement>? Errors, int? BrokerId);
