using System.Collections.Concurrent;
using AiMesh.Contracts;
using AiMesh.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// Reads every partition of answer-topic from the beginning on a thread of its own, without joining a
/// group, and keeps every piece in the order read, with its key and partition. Pieces of one answer share
/// a key and so a partition, whose order Kafka keeps: the order read is the order produced.
/// </summary>
internal sealed class AnswerTopicReader : IDisposable
{
    private readonly IConsumer<string, AnswerChunk> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public AnswerTopicReader(string bootstrapServers)
    {
        var partitions = KafkaTestClients.Partitions(bootstrapServers, Topics.Answers);
        _consumer = new ConsumerBuilder<string, AnswerChunk>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"answer-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 20,
        })
            .SetValueDeserializer(new JsonMessageSerializer<AnswerChunk>(ContractsJsonContext.Default.AnswerChunk))
            .Build();
        _consumer.Assign(partitions.Select(partition => new TopicPartitionOffset(Topics.Answers, partition, Offset.Beginning)));
        _reading = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    /// <summary>Every piece read so far, in the order read.</summary>
    public ConcurrentQueue<ReadChunk> All { get; } = new();

    /// <summary>The pieces of the answer to <paramref name="id"/> read so far, in order.</summary>
    public IReadOnlyList<ReadChunk> Of(Guid id) => [.. All.Where(read => read.Chunk.Id == id)];

    /// <summary>Waits until at least <paramref name="count"/> pieces of the answer to <paramref name="id"/> have been read.</summary>
    public async Task<IReadOnlyList<ReadChunk>> WaitForAsync(Guid id, int count)
    {
        await AsyncTestHelpers.WaitUntilAsync(() => Of(id).Count >= count);
        return Of(id);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _reading.Wait(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Read()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = _consumer.Consume(_stop.Token);
                All.Enqueue(new ReadChunk(result.Message.Key, result.Partition.Value, result.Message.Value));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One piece as read: its message key, its partition and the piece.</summary>
    internal sealed record ReadChunk(string Key, int Partition, AnswerChunk Chunk);
}
