using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// The librdkafka settings every AiMesh client starts from (configuration can override all but the
/// assignment strategy). They suit both a real broker and the librdkafka mock cluster the AppHost runs.
/// </summary>
public static class KafkaDefaults
{
    /// <summary>
    /// The assignment strategy of classic-protocol consumers. The librdkafka mock broker asserts that
    /// every member of a classic group lists the same strategy first (KAFKA-MOCK.md section 3), so AiMesh
    /// consumers that fall back to classic all use this one unless configuration names another.
    /// </summary>
    public const PartitionAssignmentStrategy ClassicPartitionAssignmentStrategy = PartitionAssignmentStrategy.RoundRobin;

    /// <summary>
    /// The session timeout of classic-protocol consumers: each join or leave stalls a classic group for
    /// about this long on the mock broker, so it is kept short.
    /// </summary>
    public const int ClassicSessionTimeoutMs = 10_000;

    /// <summary>How long a health check waits for cluster metadata unless settings say otherwise.</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a <see cref="StickyPartitioner"/> keeps to one partition: librdkafka's own
    /// <c>sticky.partitioning.linger.ms</c> default, twice the producers' linger.ms.
    /// </summary>
    public static readonly TimeSpan StickyPartitionWindow = TimeSpan.FromMilliseconds(10);

    /// <summary>How often librdkafka reports statistics when metrics are on (as Aspire does).</summary>
    public const int StatisticsIntervalMs = 1000;

    /// <summary>
    /// Durable, ordered, de-duplicated sends, batched for up to 5 ms, on sockets without Nagle's
    /// algorithm (see <see cref="ApplyConsumerDefaults"/>).
    /// </summary>
    public static ProducerConfig ApplyProducerDefaults(ProducerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        config.Acks = Acks.All;
        config.EnableIdempotence = true;
        config.LingerMs = 5;
        config.SocketNagleDisable = true;
        return config;
    }

    /// <summary>
    /// At-least-once consumption (stored offsets committed in the background four times a second: Ingest
    /// reads a group's committed offsets to measure how far the pipeline lags, and at thousands of texts a
    /// second, offsets committed once a second would count a second of finished work as lag), reading from
    /// the start of a new group, and KIP-848 consumer groups (<c>group.protocol=consumer</c>), whose
    /// rebalances take well under a second where classic ones stall the group for a session timeout.
    /// Prefetching stops at 16 MiB a consumer (librdkafka's default is 64 MiB): a consumer that lags far
    /// behind holds less memory, and the broker holds the rest. Nagle's algorithm is off (librdkafka leaves
    /// it on): batching is librdkafka's own job, and with Nagle a small request that follows another
    /// unacknowledged one waits for the peer's delayed acknowledgement, up to 40 ms a hop on Linux. The
    /// fetch wait is librdkafka's own (500 ms): a broker answers a waiting fetch as soon as data arrives,
    /// and the dev broker does so for librdkafka's mock, which on its own holds an empty fetch for all of
    /// its wait. Set <c>Config:GroupProtocol</c> to <c>Classic</c> for brokers older than Kafka 4.0;
    /// <see cref="ApplyGroupProtocolDefaults"/> then adds the classic-only settings.
    /// </summary>
    public static ConsumerConfig ApplyConsumerDefaults(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        config.EnableAutoOffsetStore = false;
        config.EnableAutoCommit = true;
        config.AutoCommitIntervalMs = 250;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.QueuedMaxMessagesKbytes = 16 * 1024;
        config.SocketNagleDisable = true;
        config.GroupProtocol = GroupProtocol.Consumer;
        return config;
    }

    /// <summary>
    /// Settings that depend on the group protocol, applied once configuration has been read. librdkafka
    /// 2.16 refuses to build a <c>group.protocol=consumer</c> client that sets
    /// <c>session.timeout.ms</c>, <c>heartbeat.interval.ms</c>, <c>partition.assignment.strategy</c> or
    /// <c>group.protocol.type</c> (the broker owns them), so they are set only for classic groups, and
    /// only where configuration left them unset.
    /// </summary>
    public static ConsumerConfig ApplyGroupProtocolDefaults(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        if (config.GroupProtocol == GroupProtocol.Classic)
        {
            config.SessionTimeoutMs ??= ClassicSessionTimeoutMs;
            config.PartitionAssignmentStrategy ??= ClassicPartitionAssignmentStrategy;
        }

        return config;
    }
}
