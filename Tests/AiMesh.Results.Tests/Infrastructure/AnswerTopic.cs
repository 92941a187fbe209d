using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>
/// Writes to <see cref="Topics.Answers"/> as Inference does (JSON, keyed by the text's id), all into
/// partition 0 so the service reads the pieces in exactly the order a test wrote them.
/// </summary>
internal sealed class AnswerTopic(string bootstrapServers) : IDisposable
{
    private static readonly TopicPartition s_partition = new(Topics.Answers, new Partition(0));

    private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        Acks = Acks.All,
    }).Build();

    public Task ProduceAsync(AnswerChunk chunk) =>
        ProduceRawAsync(chunk.Id.ToString(), JsonSerializer.SerializeToUtf8Bytes(chunk, ContractsJsonContext.Default.AnswerChunk));

    public async Task ProduceRawAsync(string key, byte[]? value) =>
        await _producer.ProduceAsync(s_partition, new Message<string, byte[]> { Key = key, Value = value! }, TestContext.Current.CancellationToken).DefaultTimeout();

    /// <summary>
    /// Produces probe pieces (an id of their own) until one reaches the first client, then reads every
    /// client up to the last probe, so the next frame each gets is the test's own. The relay starts at
    /// the newest piece once it has its partitions: a piece produced earlier would never arrive.
    /// Connect every client first; each must see nothing but probes meanwhile.
    /// </summary>
    public async Task WaitUntilRelayedAsync(params WebSocket[] clients)
    {
        var probeId = Guid.NewGuid();
        var firstArrival = clients[0].ReceiveChunkAsync();
        var lastSequence = -1;
        do
        {
            await ProduceAsync(new AnswerChunk(probeId, ++lastSequence, "probe", "probe"));
        }
        while (await Task.WhenAny(firstArrival, Task.Delay(200, TestContext.Current.CancellationToken)) != firstArrival);

        foreach (var client in clients)
        {
            var chunk = client == clients[0] ? await firstArrival : await client.ReceiveChunkAsync();
            while (true)
            {
                Assert.Equal(probeId, chunk.Id);
                if (chunk.Sequence == lastSequence)
                {
                    break;
                }

                chunk = await client.ReceiveChunkAsync();
            }
        }
    }

    public void Dispose() => _producer.Dispose();
}
