namespace AiMesh.Ingest.Messaging;

/// <summary>One moment of <see cref="KafkaAvailability"/>, read as a whole.</summary>
/// <param name="Reachability">Whether the producer can reach Kafka.</param>
/// <param name="Description">Why, in words for a log, a health report or a 503.</param>
/// <param name="Since">When it became so.</param>
/// <param name="Outages">
/// How many times Kafka has become unreachable so far. Evidence counts only if no outage began after it
/// was gathered: a reply that was on its way when the brokers went down says nothing about now.
/// </param>
internal sealed record KafkaAvailabilityState(KafkaReachability Reachability, string Description, DateTimeOffset Since, long Outages);
