using AiMesh.Contracts;
using AiMesh.ServiceDefaults.Kafka;
using AiMesh.Tests.Kafka;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>The Kafka clients tests use around the worker: its producer, data-topic writers, offset readers.</summary>
internal static class KafkaTestClients
{
    /// <summary>A producer of results configured as the worker's is.</summary>
    public static IProducer<string, InferenceResult> ResultProducer(string bootstrapServers) =>
        new ProducerBuilder<string, InferenceResult>(KafkaDefaults.ApplyProducerDefaults(new ProducerConfig { BootstrapServers = bootstrapServers }))
            .SetValueSerializer(new JsonMessageSerializer<InferenceResult>(ContractsJsonContext.Default.InferenceResult))
            .Build();

    /// <summary>A producer of answer pieces configured as the worker's is.</summary>
    public static IProducer<string, AnswerChunk> AnswerChunkProducer(string bootstrapServers) =>
        new ProducerBuilder<string, AnswerChunk>(KafkaDefaults.ApplyProducerDefaults(new ProducerConfig { BootstrapServers = bootstrapServers }))
            .SetValueSerializer(new JsonMessageSerializer<AnswerChunk>(ContractsJsonContext.Default.AnswerChunk))
            .Build();

    /// <summary>A real producer of answer pieces that refuses every one before queuing it, as a producer whose queue is full does.</summary>
    public static IProducer<string, AnswerChunk> RefusingAnswerChunkProducer(string bootstrapServers) =>
        new ProducerBuilder<string, AnswerChunk>(KafkaDefaults.ApplyProducerDefaults(new ProducerConfig { BootstrapServers = bootstrapServers }))
            .SetValueSerializer(new RefusingSerializer<AnswerChunk>())
            .Build();

    /// <summary>
    /// A producer of answer pieces to a broker that is not there: each piece is queued, then reported
    /// undelivered once <paramref name="messageTimeout"/> has passed, as when Kafka is away.
    /// </summary>
    public static IProducer<string, AnswerChunk> UnreachableAnswerChunkProducer(TimeSpan messageTimeout) =>
        new ProducerBuilder<string, AnswerChunk>(KafkaDefaults.ApplyProducerDefaults(new ProducerConfig
        {
            BootstrapServers = $"127.0.0.1:{AiMesh.Tests.Ports.Closed()}",
            MessageTimeoutMs = (int)messageTimeout.TotalMilliseconds,
        }))
            .SetValueSerializer(new JsonMessageSerializer<AnswerChunk>(ContractsJsonContext.Default.AnswerChunk))
            .Build();

    /// <summary>A byte-for-byte producer configured as the dead-letter publisher's is.</summary>
    public static IProducer<byte[]?, byte[]?> RawProducer(string bootstrapServers) =>
        new ProducerBuilder<byte[]?, byte[]?>(KafkaDefaults.ApplyProducerDefaults(new ProducerConfig { BootstrapServers = bootstrapServers })).Build();

    /// <summary>Every message data-topic.dlq holds now.</summary>
    public static IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> DeadLetters(string bootstrapServers) =>
        TopicReader.ReadAll(bootstrapServers, Topics.DataDeadLetters);

    /// <summary>Writes texts to data-topic as Ingest does (keyed by id), returning where each landed.</summary>
    public static async Task<IReadOnlyList<TopicPartitionOffset>> SubmitAsync(string bootstrapServers, IEnumerable<TextSubmitted> texts, Partition? partition = null)
    {
        using var producer = new ProducerBuilder<string, TextSubmitted>(KafkaDefaults.ApplyProducerDefaults(new ProducerConfig { BootstrapServers = bootstrapServers }))
            .SetValueSerializer(new JsonMessageSerializer<TextSubmitted>(ContractsJsonContext.Default.TextSubmitted))
            .Build();
        List<TopicPartitionOffset> written = [];
        foreach (var text in texts)
        {
            var message = new Message<string, TextSubmitted> { Key = text.Id.ToString(), Value = text };
            var delivered = partition is { } fixedPartition
                ? await producer.ProduceAsync(new TopicPartition(Topics.Data, fixedPartition), message).DefaultTimeout()
                : await producer.ProduceAsync(Topics.Data, message).DefaultTimeout();
            written.Add(delivered.TopicPartitionOffset);
        }

        return written;
    }

    /// <summary>Writes raw bytes to one data-topic partition: a message no TextSubmitted can be read from.</summary>
    public static async Task<TopicPartitionOffset> SubmitRawAsync(string bootstrapServers, Partition partition, byte[] value)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        var delivered = await producer.ProduceAsync(
            new TopicPartition(Topics.Data, partition),
            new Message<string, byte[]> { Key = "poison", Value = value }).DefaultTimeout();
        return delivered.TopicPartitionOffset;
    }

    /// <summary>The offsets <paramref name="groupId"/> has committed, asked of the group coordinator without joining the group.</summary>
    public static IReadOnlyList<TopicPartitionOffset> Committed(string bootstrapServers, string groupId, IEnumerable<TopicPartition> partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
        }).Build();
        return consumer.Committed(partitions, TimeSpan.FromSeconds(30));
    }

    /// <summary>The partition numbers of <paramref name="topic"/>, creating it (with the mock's 4 partitions) if needed.</summary>
    public static IReadOnlyList<int> Partitions(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30));
        return [.. metadata.Topics.Single().Partitions.Select(partition => partition.PartitionId).Order()];
    }

    private sealed class RefusingSerializer<T> : ISerializer<T>
    {
        public byte[] Serialize(T data, SerializationContext context) => throw new InvalidOperationException("This test's producer takes nothing.");
    }
}
