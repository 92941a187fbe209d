using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>
/// Reads data-topic back, partition by partition from the beginning (no consumer group, so no
/// rebalance delays), and counts what it holds.
/// </summary>
public sealed class DataTopic : IDisposable
{
    private static readonly TimeSpan s_brokerTimeout = TimeSpan.FromSeconds(10);

    private readonly IConsumer<string, string> _consumer;
    private readonly IAdminClient _admin;

    public DataTopic(string bootstrapServers)
    {
        _consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"ingest-tests-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 20,
        }).Build();
        _admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
    }

    /// <summary>The partitions of data-topic.</summary>
    public int PartitionCount() => _admin.GetMetadata(Topics.Data, s_brokerTimeout).Topics.Single().Partitions.Count;

    /// <summary>The leader of each of data-topic's partitions, as the brokers that are up report it.</summary>
    public IReadOnlyList<int> Leaders() =>
        [.. _admin.GetMetadata(Topics.Data, s_brokerTimeout).Topics.Single().Partitions.OrderBy(p => p.PartitionId).Select(p => p.Leader)];

    /// <summary>How many messages data-topic holds, from the brokers' high watermarks.</summary>
    public long CountMessages() =>
        Enumerable.Range(0, PartitionCount())
            .Sum(partition => _consumer.QueryWatermarkOffsets(new TopicPartition(Topics.Data, partition), s_brokerTimeout).High.Value);

    /// <summary>The message with <paramref name="key"/>, waiting for it to arrive.</summary>
    public Task<ConsumeResult<string, string>> ReadAsync(string key) => Task.Run(() =>
    {
        _consumer.Assign(Enumerable.Range(0, PartitionCount())
            .Select(partition => new TopicPartitionOffset(Topics.Data, partition, Offset.Beginning)));
        try
        {
            var deadline = DateTime.UtcNow + AsyncTestHelpers.DefaultTimeoutDuration;
            while (DateTime.UtcNow < deadline)
            {
                if (_consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result && result.Message.Key == key)
                {
                    return result;
                }
            }

            throw new TimeoutException($"No message with key {key} on {Topics.Data}.");
        }
        finally
        {
            _consumer.Unassign();
        }
    });

    public void Dispose()
    {
        _admin.Dispose();
        _consumer.Dispose();
    }
}
