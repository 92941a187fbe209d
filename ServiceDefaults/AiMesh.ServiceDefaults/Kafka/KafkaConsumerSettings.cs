using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// Settings of <c>AddKafkaConsumer</c>, bound from <c>Aspire:Confluent:Kafka:Consumer</c>, then
/// <c>Aspire:Confluent:Kafka:Consumer:{connectionName}</c>; <c>ConnectionStrings:{connectionName}</c>
/// (the bootstrap servers) wins over both. librdkafka settings go under <c>:Config</c>; <c>GroupId</c> is required.
/// </summary>
/// <remarks>
/// Offsets: AiMesh consumers keep <c>EnableAutoCommit=true</c> but <c>EnableAutoOffsetStore=false</c>.
/// The background commit then commits only the offsets the application stored with
/// <c>consumer.StoreOffset(result)</c> after handling a message, so a crash re-delivers what was not
/// handled (at-least-once) without a synchronous commit per message.
/// </remarks>
public sealed class KafkaConsumerSettings
{
    /// <summary>The bootstrap servers, <c>host:port[,host:port]</c>; when set it replaces <c>Config.BootstrapServers</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>librdkafka settings, starting from <see cref="KafkaDefaults.ApplyConsumerDefaults"/>.</summary>
    public ConsumerConfig Config { get; set; } = KafkaDefaults.ApplyConsumerDefaults(new ConsumerConfig());

    /// <summary>Leave out the <c>Aspire.Confluent.Kafka.Consumer</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Do not trace <c>AiMesh.Kafka</c> (the "{topic} process" activities of <c>StartProcessActivity</c>).</summary>
    public bool DisableTracing { get; set; }

    /// <summary>No librdkafka statistics and no <c>AiMesh.Kafka</c> gauges (such as consumer lag) for this client.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>How long the health check waits for cluster metadata.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = KafkaDefaults.HealthCheckTimeout;
}
