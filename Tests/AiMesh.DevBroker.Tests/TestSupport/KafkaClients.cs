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

    /// <summary>A KIP-848 member: the broker assigns partitions, and an empty fetch is held only briefly.</summary>
    public static ConsumerConfig Consumer(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        GroupProtocol = GroupProtocol.Consumer,
        FetchWaitMaxMs = 10,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
    };
}
