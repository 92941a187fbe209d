using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>Client settings that suit the mock cluster (see KAFKA-MOCK.md, "Dev settings on the mock").</summary>
internal static class KafkaClients
{
    public static ProducerConfig Producer(string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
        // Quick reconnects: the tests restart brokers and expect clients to find them again soon.
        ReconnectBackoffMs = 50,
        ReconnectBackoffMaxMs = 500,
    };

    /// <summary>
    /// A KIP-848 member (the broker assigns partitions) with librdkafka's own fetch wait: the dev broker
    /// answers a held fetch as soon as data arrives, so the tests see messages without polling for them.
    /// </summary>
    public static ConsumerConfig Consumer(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        GroupProtocol = GroupProtocol.Consumer,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
    };
}
