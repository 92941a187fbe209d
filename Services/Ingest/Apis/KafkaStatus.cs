namespace AiMesh.Ingest.Apis;

/// <summary>The body of <c>GET /kafka-status</c> when Kafka answers.</summary>
/// <param name="Status">Always <c>available</c>; an unavailable cluster gets a 503 problem instead.</param>
/// <param name="Brokers">The brokers in the cluster's metadata.</param>
/// <param name="Topic">The topic Ingest publishes to.</param>
internal sealed record KafkaStatus(string Status, IReadOnlyList<KafkaBroker> Brokers, KafkaTopic Topic)
{
    public const string Available = "available";
}
