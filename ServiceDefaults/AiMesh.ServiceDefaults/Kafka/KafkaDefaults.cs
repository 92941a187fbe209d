using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// The librdkafka settings every AiMesh client starts from (configuration can override all but the
/// assignment strategy). They suit both a real broker and the librdkafka mock cluster the AppHost runs.
/// </summary>
public static class KafkaDefaults
{
    /// <summary>
    /// The one partition assignment strategy every AiMesh consumer uses, whatever configuration says.
    /// The group coordinator picks the first strategy of the group's first member and the mock broker
    /// asserts that every member lists the same one first: two members that disagree abort the whole
    /// broker process (KAFKA-MOCK.md section 3). One fixed value makes that impossible.
    /// </summary>
    public const PartitionAssignmentStrategy PartitionAssignmentStrategy = Confluent.Kafka.PartitionAssignmentStrategy.RoundRobin;

    /// <summary>How long a health check waits for cluster metadata unless settings say otherwise.</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often librdkafka reports statistics when metrics are on (as Aspire does).</summary>
    public const int StatisticsIntervalMs = 1000;

    /// <summary>Durable, ordered, de-duplicated sends, batched for up to 5 ms.</summary>
    public static ProducerConfig ApplyProducerDefaults(ProducerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        config.Acks = Acks.All;
        config.EnableIdempotence = true;
        config.LingerMs = 5;
        return config;
    }

    /// <summary>
    /// At-least-once consumption (stored offsets committed in the background), reading from the start
    /// of a new group, and timings that keep the mock broker's rebalances short: each join or leave
    /// stalls the group for the session timeout minus one second, and an empty fetch is held for the
    /// whole fetch wait.
    /// </summary>
    public static ConsumerConfig ApplyConsumerDefaults(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        config.EnableAutoOffsetStore = false;
        config.EnableAutoCommit = true;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.SessionTimeoutMs = 10_000;
        config.FetchWaitMaxMs = 20;
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy;
        return config;
    }
}
