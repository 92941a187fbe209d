using System.Text;
using AiMesh.DevBroker.Tests.TestSupport;
using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests;

public sealed class ProduceConsumeTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public async Task Messages_to_every_partition_round_trip_through_the_fixed_ports()
    {
        const string Topic = "data-topic";
        const int PerPartition = 50;
        var cancellationToken = TestContext.Current.CancellationToken;
        var partitions = DevBrokerFixture.Topics[Topic];

        // One message batch per partition reaches each partition's leader, so every broker's forwarder carries traffic.
        using (var producer = new ProducerBuilder<string, string>(KafkaClients.Producer(fixture.BootstrapServers)).Build())
        {
            var deliveries = Enumerable.Range(0, partitions)
                .SelectMany(p => Enumerable.Range(0, PerPartition).Select(i =>
                    producer.ProduceAsync(new TopicPartition(Topic, p), new Message<string, string> { Key = $"{p}", Value = $"{p}-{i}" }, cancellationToken)))
                .ToList();
            var results = await Task.WhenAll(deliveries).DefaultTimeout();
            Assert.All(results, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
        }

        using var consumer = new ConsumerBuilder<string, string>(KafkaClients.Consumer(fixture.BootstrapServers, $"round-trip-{Guid.NewGuid():N}")).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        var received = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < partitions * PerPartition && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                received.Add(result.Message.Value);
            }
        }

        Assert.Equal(
            Enumerable.Range(0, partitions).SelectMany(p => Enumerable.Range(0, PerPartition).Select(i => $"{p}-{i}")).Order(),
            received.Order());
    }

    [Fact]
    public async Task Headers_such_as_traceparent_round_trip()
    {
        const string Topic = "headers-topic";
        const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var cancellationToken = TestContext.Current.CancellationToken;

        using (var producer = new ProducerBuilder<string, string>(KafkaClients.Producer(fixture.BootstrapServers)).Build())
        {
            var headers = new Headers { { "traceparent", Encoding.ASCII.GetBytes(TraceParent) } };
            var delivery = await producer
                .ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = "v", Headers = headers }, cancellationToken)
                .DefaultTimeout();
            Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        }

        // Assign rather than subscribe: no group join needed to read one partition.
        using var consumer = new ConsumerBuilder<string, string>(KafkaClients.Consumer(fixture.BootstrapServers, $"headers-{Guid.NewGuid():N}")).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        var result = consumer.Consume(TimeSpan.FromSeconds(10));

        Assert.NotNull(result);
        Assert.Equal("k", result.Message.Key);
        Assert.True(result.Message.Headers.TryGetLastBytes("traceparent", out var value));
        Assert.Equal(TraceParent, Encoding.ASCII.GetString(value));
    }

    [Fact]
    public async Task A_consumer_waiting_on_an_idle_partition_gets_a_new_message_before_its_fetch_wait_is_over()
    {
        const string Topic = "idle-topic";
        var cancellationToken = TestContext.Current.CancellationToken;
        var config = KafkaClients.Consumer(fixture.BootstrapServers, $"idle-{Guid.NewGuid():N}");
        config.FetchWaitMaxMs = 120_000;
        config.SocketTimeoutMs = 180_000;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.End));

        // By now the consumer has found the end and its fetch is waiting on the empty partition.
        Assert.Null(consumer.Consume(TimeSpan.FromSeconds(3)));
        using (var producer = new ProducerBuilder<string, string>(KafkaClients.Producer(fixture.BootstrapServers)).Build())
        {
            await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = "news" }, cancellationToken).DefaultTimeout();
        }

        // The mock alone would answer that fetch only when its two minutes are over.
        var result = consumer.Consume(AsyncTestHelpers.DefaultTimeoutDuration);
        Assert.NotNull(result);
        Assert.Equal("news", result.Message.Value);
    }
}
