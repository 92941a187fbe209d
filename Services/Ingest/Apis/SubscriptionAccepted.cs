namespace AiMesh.Ingest.Apis;

/// <summary>The body of a 202 from <c>POST /api/subscribe</c>: Kafka has the text.</summary>
/// <param name="Id">The text's id; its result will be at <c>/api/results/{id}</c>.</param>
/// <param name="AcceptedAt">When Ingest accepted the text.</param>
internal sealed record SubscriptionAccepted(Guid Id, DateTimeOffset AcceptedAt);
