using AiMesh.ServiceDefaults.Kafka;
using AiMesh.Tests.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;

namespace AiMesh.ServiceDefaults.Tests.Kafka;

public sealed class StickyPartitionerTests(KafkaMockCluster cluster) : IClassFixture<KafkaMockCluster>
{
    private const int Partitions = 8;
    private static readonly TimeSpan s_window = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void Messages_within_one_window_share_a_partition_and_the_next_window_takes_the_next_one()
    {
        var clock = new FakeTimeProvider();
        var partitioner = new StickyPartitioner(s_window, clock);

        var first = partitioner.Partition(Partitions);
        clock.Advance(s_window / 2);
        var sameWindow = partitioner.Partition(Partitions);
        clock.Advance(s_window);
        var nextWindow = partitioner.Partition(Partitions);

        Assert.Equal(first, sameWindow);
        Assert.Equal((first.Value + 1) % Partitions, nextWindow.Value);
    }

    [Fact]
    public void As_many_windows_as_partitions_use_every_partition_once()
    {
        var clock = new FakeTimeProvider();
        var partitioner = new StickyPartitioner(s_window, clock);

        var used = new List<int>();
        for (var window = 0; window < Partitions; window++)
        {
            used.Add(partitioner.Partition(Partitions).Value);
            clock.Advance(s_window);
        }

        Assert.Equal(Enumerable.Range(0, Partitions), used.Order());
    }

    [Fact]
    public async Task Keyed_messages_produced_together_land_on_one_partition_and_keep_their_keys()
    {
        var topic = $"sticky-{Guid.NewGuid():N}";
        cluster.CreateTopic(topic, Partitions);
        var config = KafkaDefaults.ApplyProducerDefaults(new ProducerConfig { BootstrapServers = cluster.BootstrapServers });
        // A window far longer than the test: every message falls in the first one.
        using var producer = StickyPartitioner.Apply(new ProducerBuilder<string, string>(config), topic, TimeSpan.FromMinutes(5)).Build();

        var keys = Enumerable.Range(0, 100).Select(i => $"id-{i}").ToList();
        var delivered = await Task.WhenAll(keys.Select(key =>
            producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = "v" }, TestContext.Current.CancellationToken)))
            .DefaultTimeout();

        Assert.Single(delivered.Select(result => result.Partition.Value).Distinct());
        Assert.Equal(keys, delivered.Select(result => result.Message.Key));
    }
}
