using System.Text.Json;
using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>
/// Writes to <see cref="Topics.Results"/> as Inference does (JSON, keyed by id), all into partition 0
/// so the service reads the messages in exactly the order a test wrote them.
/// </summary>
internal sealed class ResultTopic(string bootstrapServers) : IDisposable
{
    private static readonly TopicPartition s_partition = new(Topics.Results, new Partition(0));

    private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        Acks = Acks.All,
    }).Build();

    public Task ProduceAsync(InferenceResult result) =>
        ProduceRawAsync(result.Id.ToString(), JsonSerializer.SerializeToUtf8Bytes(result, ContractsJsonContext.Default.InferenceResult));

    public async Task ProduceRawAsync(string key, byte[] value) =>
        await _producer.ProduceAsync(s_partition, new Message<string, byte[]> { Key = key, Value = value }, TestContext.Current.CancellationToken).DefaultTimeout();

    public void Dispose() => _producer.Dispose();
}
