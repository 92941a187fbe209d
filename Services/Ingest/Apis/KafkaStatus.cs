namespace AiMesh.Ingest.Apis;

/// <summary>The body of <c>GET /kafka-status</c> when Kafka answers.</summary>
/// <param name="Status">Always <c>available</c>; an unavailable cluster gets a 503 problem instead.</param>
/// <param name="Brokers">The brokers in the cluster's metadata.</param>
/// <param name="Topic">The topic Ingest publishes to.</param>
/// <param name="Pipeline">How far the pipeline lags behind, and whether texts are refused for it.</param>
internal sealed record KafkaStatus(string Status, IReadOnlyList<KafkaBroker> Brokers, KafkaTopic Topic, PipelineStatus? Pipeline = null)
{
    public const string Available = "available";
}
