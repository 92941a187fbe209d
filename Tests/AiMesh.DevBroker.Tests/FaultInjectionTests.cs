using AiMesh.DevBroker.Tests.TestSupport;
using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests;

/// <summary>Faults set through the control API are what Kafka clients see.</summary>
public sealed class FaultInjectionTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    private const string Topic = "data-topic";

    [Fact]
    public async Task A_broker_set_down_stalls_produces_to_its_partitions_until_it_is_set_up()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var control = new ControlClient(fixture.Plan);
        var (brokerId, partitions) = PartitionsByLeader().Last();
        var partition = partitions[0];
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig(KafkaClients.Producer(fixture.BootstrapServers))
        {
            MessageTimeoutMs = 2000,
        }).Build();
        var target = new TopicPartition(Topic, partition);
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));

        await control.PostOkAsync($"brokers/{brokerId}/down", null, cancellationToken).DefaultTimeout();
        try
        {
            Assert.False((await control.GetStatusAsync(cancellationToken)).Brokers.Single(b => b.Id == brokerId).Up);
            Assert.Equal(ErrorCode.Local_MsgTimedOut, await ProduceAsync(producer, target, cancellationToken));
        }
        finally
        {
            await control.PostOkAsync($"brokers/{brokerId}/up", null, cancellationToken).DefaultTimeout();
        }

        // Reconnecting takes a backoff or two, which may outlast one message timeout.
        var outcome = ErrorCode.Local_MsgTimedOut;
        for (var attempt = 0; attempt < 10 && outcome == ErrorCode.Local_MsgTimedOut; attempt++)
        {
            outcome = await ProduceAsync(producer, target, cancellationToken);
        }

        Assert.Equal(ErrorCode.NoError, outcome);
    }

    [Fact]
    public async Task Pushed_request_errors_fail_the_next_produce_requests_in_order()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var control = new ControlClient(fixture.Plan);
        using var producer = NonRetryingProducer();
        var target = new TopicPartition(Topic, PartitionsByLeader().First().Value[0]);
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));

        await control.PostOkAsync("request-errors", new { apiKey = "Produce", errors = new object[] { "MsgSizeTooLarge", (int)ErrorCode.InvalidRequiredAcks } }, cancellationToken).DefaultTimeout();

        Assert.Equal(ErrorCode.MsgSizeTooLarge, await ProduceAsync(producer, target, cancellationToken));
        Assert.Equal(ErrorCode.InvalidRequiredAcks, await ProduceAsync(producer, target, cancellationToken));
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));
    }

    [Fact]
    public async Task Request_errors_for_one_broker_hit_only_that_brokers_partitions()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var control = new ControlClient(fixture.Plan);
        using var producer = NonRetryingProducer();
        // The last leader: errors pushed for one broker shadow those pushed for any broker on that
        // broker from then on, and the other tests of this class push theirs to the first leader.
        var leaders = PartitionsByLeader();
        var (faultyBroker, faultyPartitions) = leaders.Last();
        var faulty = new TopicPartition(Topic, faultyPartitions[0]);
        var healthy = new TopicPartition(Topic, leaders.First().Value[0]);
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, faulty, cancellationToken));
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, healthy, cancellationToken));

        await control.PostOkAsync("request-errors", new { apiKey = 0, errors = new[] { "MsgSizeTooLarge" }, brokerId = faultyBroker }, cancellationToken).DefaultTimeout();

        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, healthy, cancellationToken));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, await ProduceAsync(producer, faulty, cancellationToken));
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, faulty, cancellationToken));
    }

    [Fact]
    public async Task Cleared_request_errors_are_never_seen()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var control = new ControlClient(fixture.Plan);
        using var producer = NonRetryingProducer();
        var target = new TopicPartition(Topic, PartitionsByLeader().First().Value[^1]);
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));

        await control.PostOkAsync("request-errors", new { apiKey = "Produce", errors = new[] { "MsgSizeTooLarge" } }, cancellationToken).DefaultTimeout();
        using var cleared = await control.Http.DeleteAsync(new Uri("request-errors/Produce", UriKind.Relative), cancellationToken).DefaultTimeout();
        cleared.EnsureSuccessStatusCode();

        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));
    }

    [Fact]
    public async Task A_round_trip_time_set_on_a_broker_delays_its_responses()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var control = new ControlClient(fixture.Plan);
        using var producer = NonRetryingProducer();
        var (broker, partitions) = PartitionsByLeader().First();
        var target = new TopicPartition(Topic, partitions[0]);
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));

        await control.PostOkAsync($"brokers/{broker}/rtt", new { ms = 700 }, cancellationToken).DefaultTimeout();
        try
        {
            Assert.Equal(700, (await control.GetStatusAsync(cancellationToken)).Brokers.Single(b => b.Id == broker).RttMs);
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));
            Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(600), $"took only {stopwatch.Elapsed}");
        }
        finally
        {
            await control.PostOkAsync($"brokers/{broker}/rtt", new { ms = 0 }, cancellationToken).DefaultTimeout();
        }
    }

    private IProducer<string, string> NonRetryingProducer() => new ProducerBuilder<string, string>(new ProducerConfig
    {
        BootstrapServers = fixture.BootstrapServers,
        Acks = Acks.All,
        MessageSendMaxRetries = 0,
        LingerMs = 0,
    }).Build();

    /// <summary>
    /// The topic's partitions grouped by the broker that leads them. The mock cluster picks leaders at
    /// random, so a broker may lead none; at least two lead some (8 partitions on 3 brokers).
    /// </summary>
    private List<KeyValuePair<int, List<int>>> PartitionsByLeader()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        var topic = admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)).Topics.Single();
        var leaders = topic.Partitions
            .GroupBy(p => p.Leader)
            .Select(g => KeyValuePair.Create(g.Key, g.Select(p => p.PartitionId).ToList()))
            .OrderBy(pair => pair.Key)
            .ToList();
        Assert.True(leaders.Count >= 2, $"Only broker {leaders[0].Key} leads partitions of {Topic}.");
        return leaders;
    }

    private static async Task<ErrorCode> ProduceAsync(IProducer<string, string> producer, TopicPartition target, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceAsync(target, new Message<string, string> { Key = "k", Value = "v" }, cancellationToken).DefaultTimeout();
            return ErrorCode.NoError;
        }
        catch (ProduceException<string, string> ex)
        {
            return ex.Error.Code;
        }
    }
}
