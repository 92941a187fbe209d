using System.Text;
using System.Text.Json;
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
        var config = KafkaClients.LongWaitConsumer(fixture.BootstrapServers, $"idle-{Guid.NewGuid():N}");
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

    [Fact]
    public async Task A_consumer_waiting_on_one_topic_is_not_woken_by_produces_to_others()
    {
        const string Topic = "quiet-topic";
        var cancellationToken = TestContext.Current.CancellationToken;
        var config = KafkaClients.LongWaitConsumer(fixture.BootstrapServers, $"quiet-{Guid.NewGuid():N}");
        config.StatisticsIntervalMs = 100;
        var fetchesSent = -1L;
        using var consumer = new ConsumerBuilder<string, string>(config)
            .SetStatisticsHandler((_, json) => Interlocked.Exchange(ref fetchesSent, FetchRequestsIn(json)))
            .Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.End));

        // Its fetch is waiting on the empty partition by now (statistics come through Consume).
        Assert.Null(consumer.Consume(TimeSpan.FromSeconds(3)));
        var before = Interlocked.Read(ref fetchesSent);
        using var producer = new ProducerBuilder<string, string>(KafkaClients.Producer(fixture.BootstrapServers)).Build();
        var partitions = DevBrokerFixture.Topics["busy-topic"];
        for (var message = 0; message < 5 * partitions; message++)
        {
            // One produce request each, to every partition in turn, so every broker answers several.
            var partition = new TopicPartition("busy-topic", message % partitions);
            await producer.ProduceAsync(partition, new Message<string, string> { Key = "k", Value = "other" }, cancellationToken).DefaultTimeout();
        }

        Assert.Null(consumer.Consume(TimeSpan.FromSeconds(1)));
        var woken = Interlocked.Read(ref fetchesSent) - before;
        Assert.True(woken <= 1, $"The consumer fetched {woken} times more while other partitions were written.");

        await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = "news" }, cancellationToken).DefaultTimeout();
        Assert.Equal("news", consumer.Consume(AsyncTestHelpers.DefaultTimeoutDuration)?.Message.Value);
    }

    /// <summary>How many Fetch requests the client has sent to all brokers, from its statistics (librdkafka's STATISTICS.md).</summary>
    private static long FetchRequestsIn(string statistics)
    {
        using var document = JsonDocument.Parse(statistics);
        return document.RootElement.GetProperty("brokers").EnumerateObject()
            .Sum(broker => broker.Value.TryGetProperty("req", out var requests) && requests.TryGetProperty("Fetch", out var fetches) ? fetches.GetInt64() : 0);
    }
}
