using Confluent.Kafka;

namespace AiMesh.Tests.Kafka;

/// <summary>Reads a whole topic as it is now, byte for byte, partition by partition, without a consumer group's offsets.</summary>
public static class TopicReader
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    static TopicReader() => TestLibrdkafka.Register();

    /// <summary>Every message <paramref name="topic"/> holds now (asking creates it on the mock cluster when missing).</summary>
    public static IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> ReadAll(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, s_timeout).Topics.Single().Partitions.Select(partition => partition.PartitionId).Order();

        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "topic-reader",
            EnableAutoCommit = false,
        }).Build();
        List<ConsumeResult<byte[]?, byte[]?>> messages = [];
        foreach (var partition in partitions)
        {
            var topicPartition = new TopicPartition(topic, partition);
            var watermarks = consumer.QueryWatermarkOffsets(topicPartition, s_timeout);
            if (watermarks.High <= watermarks.Low)
            {
                continue;
            }

            consumer.Assign(new TopicPartitionOffset(topicPartition, watermarks.Low));
            while (consumer.Consume(s_timeout) is { } message)
            {
                if (message.Message is not null)
                {
                    messages.Add(message);
                }

                if (message.Offset >= watermarks.High - 1)
                {
                    break;
                }
            }
        }

        return messages;
    }
}
