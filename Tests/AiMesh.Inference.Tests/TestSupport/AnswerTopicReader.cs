using System.Collections.Concurrent;
using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// Keeps every piece read from answer-topic in the order read, with its key and partition. Pieces of
/// one answer share a key and so a partition, whose order Kafka keeps: the order read is the order produced.
/// </summary>
internal sealed class AnswerTopicReader(string bootstrapServers)
    : TopicReader<AnswerChunk>(bootstrapServers, Topics.Answers, ContractsJsonContext.Default.AnswerChunk)
{
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

    protected override void OnRead(ConsumeResult<string, AnswerChunk> result) =>
        All.Enqueue(new ReadChunk(result.Message.Key, result.Partition.Value, result.Message.Value));

    /// <summary>One piece as read: its message key, its partition and the piece.</summary>
    internal sealed record ReadChunk(string Key, int Partition, AnswerChunk Chunk);
}
