using System.Collections.Concurrent;
using AiMesh.Contracts;
using AiMesh.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// Reads every partition of result-topic from the beginning on a thread of its own, without joining a
/// group (so no rebalance wait), and keeps each result by id with its message key.
/// </summary>
internal sealed class ResultTopicReader : IDisposable
{
    private readonly IConsumer<string, InferenceResult> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public ResultTopicReader(string bootstrapServers)
    {
        var partitions = KafkaTestClients.Partitions(bootstrapServers, Topics.Results);
        _consumer = new ConsumerBuilder<string, InferenceResult>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"result-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 20,
        })
            .SetValueDeserializer(new JsonMessageSerializer<InferenceResult>(ContractsJsonContext.Default.InferenceResult))
            .Build();
        _consumer.Assign(partitions.Select(partition => new TopicPartitionOffset(Topics.Results, partition, Offset.Beginning)));
        _reading = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

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
                All.Enqueue(result.Message.Value);
                Results[result.Message.Value.Id] = (result.Message.Key, result.Message.Value);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
