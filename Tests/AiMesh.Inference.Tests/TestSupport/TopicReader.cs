using System.Text.Json.Serialization.Metadata;
using AiMesh.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// Reads every partition of one topic from the beginning on a thread of its own, without joining a
/// group (so no rebalance wait), handing each message to <see cref="OnRead"/> in the order read.
/// </summary>
internal abstract class TopicReader<T> : IDisposable
{
    private readonly IConsumer<string, T> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    protected TopicReader(string bootstrapServers, string topic, JsonTypeInfo<T> json)
    {
        var partitions = KafkaTestClients.Partitions(bootstrapServers, topic);
        _consumer = new ConsumerBuilder<string, T>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"{topic}-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 20,
        })
            .SetValueDeserializer(new JsonMessageSerializer<T>(json))
            .Build();
        _consumer.Assign(partitions.Select(partition => new TopicPartitionOffset(topic, partition, Offset.Beginning)));
        _reading = Task.Factory.StartNew(Read, TaskCreationOptions.LongRunning);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _reading.Wait(TimeSpan.FromSeconds(10));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    /// <summary>Keeps one message read; called on the reading thread.</summary>
    protected abstract void OnRead(ConsumeResult<string, T> result);

    private void Read()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                OnRead(_consumer.Consume(_stop.Token));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
