using Confluent.Kafka;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>
/// Plays the pipeline's part on its topics for backpressure tests: puts messages on a topic as an upstream
/// stage would, and commits a consumer group's offsets as its consumers would once they have handled them
/// (without joining the group, so no rebalance slows the test).
/// </summary>
public sealed class PipelineTopics(string bootstrapServers) : IDisposable
{
    private static readonly TimeSpan s_brokerTimeout = TimeSpan.FromSeconds(10);

    private readonly IProducer<string, string> _producer = new ProducerBuilder<string, string>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        LingerMs = 0,
    }).Build();

    /// <summary>Puts <paramref name="perPartition"/> messages on each of <paramref name="partitions"/> of <paramref name="topic"/>, acknowledged.</summary>
    public void Produce(string topic, int partitions, int perPartition)
    {
        for (var partition = 0; partition < partitions; partition++)
        {
            for (var index = 0; index < perPartition; index++)
            {
                _producer.Produce(new TopicPartition(topic, partition), new Message<string, string> { Key = $"{partition}-{index}", Value = "{}" });
            }
        }

        if (_producer.Flush(s_brokerTimeout) > 0)
        {
            throw new TimeoutException($"Kafka did not acknowledge every message to {topic} within {s_brokerTimeout}.");
        }
    }

    /// <summary>Commits <paramref name="offset"/> for <paramref name="group"/> on one partition.</summary>
    public void Commit(string group, string topic, int partition, long offset)
    {
        using var consumer = GroupMember(group);
        consumer.Commit([new TopicPartitionOffset(topic, partition, offset)]);
    }

    /// <summary>Commits, for <paramref name="group"/>, the end of each of <paramref name="topic"/>'s partitions: the group has caught up.</summary>
    public void CommitToEnd(string group, string topic, int partitions)
    {
        using var consumer = GroupMember(group);
        consumer.Commit(Enumerable.Range(0, partitions)
            .Select(partition => new TopicPartition(topic, partition))
            .Select(partition => new TopicPartitionOffset(partition, consumer.QueryWatermarkOffsets(partition, s_brokerTimeout).High))
            .ToList());
    }

    public void Dispose() => _producer.Dispose();

    private IConsumer<Ignore, Ignore> GroupMember(string group) => new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = group,
        EnableAutoCommit = false,
    }).Build();
}
