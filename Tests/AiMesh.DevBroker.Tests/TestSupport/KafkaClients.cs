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
    };

    /// <summary>
    /// Every member of a group must list the same assignment strategies in the same order (the
    /// mock asserts on it), and an empty fetch is held for the whole fetch.wait.max.ms.
    /// </summary>
    public static ConsumerConfig Consumer(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
        SessionTimeoutMs = 6000,
        FetchWaitMaxMs = 10,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
    };
}
