using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// Settings of <c>AddKafkaProducer</c>, bound from <c>Aspire:Confluent:Kafka:Producer</c>, then
/// <c>Aspire:Confluent:Kafka:Producer:{connectionName}</c>; <c>ConnectionStrings:{connectionName}</c>
/// (the bootstrap servers) wins over both. librdkafka settings go under <c>:Config</c>, by property name
/// (<c>LingerMs</c>) or by librdkafka name (<c>linger.ms</c>).
/// </summary>
public sealed class KafkaProducerSettings
{
    /// <summary>The bootstrap servers, <c>host:port[,host:port]</c>; when set it replaces <c>Config.BootstrapServers</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// librdkafka settings. AiMesh starts from <see cref="KafkaDefaults.ApplyProducerDefaults"/>:
    /// acks=all, idempotence on, linger 5 ms.
    /// </summary>
    public ProducerConfig Config { get; set; } = KafkaDefaults.ApplyProducerDefaults(new ProducerConfig());

    /// <summary>Leave out the <c>Aspire.Confluent.Kafka.Producer</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Register the bare producer: no "{topic} publish" activity, no trace context in headers.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>No librdkafka statistics and no <c>AiMesh.Kafka</c> gauges for this client.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>How long the health check waits for cluster metadata.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = KafkaDefaults.HealthCheckTimeout;
}
