using System.Collections.Concurrent;
using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>Keeps each result read from result-topic by id, with its message key.</summary>
internal sealed class ResultTopicReader(string bootstrapServers)
    : TopicReader<InferenceResult>(bootstrapServers, Topics.Results, ContractsJsonContext.Default.InferenceResult)
{
    /// <summary>Every result read so far, by id; the key is the Kafka message key.</summary>
    public ConcurrentDictionary<Guid, (string Key, InferenceResult Result)> Results { get; } = new();

    /// <summary>Every result read so far, in the order read (duplicates included).</summary>
    public ConcurrentQueue<InferenceResult> All { get; } = new();

    public async Task<InferenceResult> WaitForAsync(Guid id)
    {
        await AsyncTestHelpers.WaitUntilAsync(() => Results.ContainsKey(id));
        return Results[id].Result;
    }

    public async Task WaitForAllAsync(IEnumerable<Guid> ids)
    {
        var wanted = ids.ToList();
        await AsyncTestHelpers.WaitUntilAsync(() => wanted.All(Results.ContainsKey));
    }

    protected override void OnRead(ConsumeResult<string, InferenceResult> result)
    {
        All.Enqueue(result.Message.Value);
        Results[result.Message.Value.Id] = (result.Message.Key, result.Message.Value);
    }
}
