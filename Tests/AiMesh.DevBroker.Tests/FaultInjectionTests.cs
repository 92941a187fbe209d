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
        const int BrokerId = 2;
        var partition = LeaderPartitions(BrokerId).First();
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig(KafkaClients.Producer(fixture.BootstrapServers))
        {
            MessageTimeoutMs = 2000,
        }).Build();
        var target = new TopicPartition(Topic, partition);
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));

        await control.PostOkAsync($"brokers/{BrokerId}/down", null, cancellationToken).DefaultTimeout();
        try
        {
            Assert.False((await control.GetStatusAsync(cancellationToken)).Brokers.Single(b => b.Id == BrokerId).Up);
            Assert.Equal(ErrorCode.Local_MsgTimedOut, await ProduceAsync(producer, target, cancellationToken));
        }
        finally
        {
            await control.PostOkAsync($"brokers/{BrokerId}/up", null, cancellationToken).DefaultTimeout();
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
        var target = new TopicPartition(Topic, 0);
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
        var faulty = new TopicPartition(Topic, LeaderPartitions(1).First());
        var healthy = new TopicPartition(Topic, LeaderPartitions(3).First());
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, faulty, cancellationToken));
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, healthy, cancellationToken));

        await control.PostOkAsync("request-errors", new { apiKey = 0, errors = new[] { "MsgSizeTooLarge" }, brokerId = 1 }, cancellationToken).DefaultTimeout();

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
        var target = new TopicPartition(Topic, 1);
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
        var target = new TopicPartition(Topic, LeaderPartitions(3).First());
        Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));

        await control.PostOkAsync("brokers/3/rtt", new { ms = 700 }, cancellationToken).DefaultTimeout();
        try
        {
            Assert.Equal(700, (await control.GetStatusAsync(cancellationToken)).Brokers.Single(b => b.Id == 3).RttMs);
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(ErrorCode.NoError, await ProduceAsync(producer, target, cancellationToken));
            Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(600), $"took only {stopwatch.Elapsed}");
        }
        finally
        {
            await control.PostOkAsync("brokers/3/rtt", new { ms = 0 }, cancellationToken).DefaultTimeout();
        }
    }

    private IProducer<string, string> NonRetryingProducer() => new ProducerBuilder<string, string>(new ProducerConfig
    {
        BootstrapServers = fixture.BootstrapServers,
        Acks = Acks.All,
        MessageSendMaxRetries = 0,
        LingerMs = 0,
    }).Build();

    private List<int> LeaderPartitions(int brokerId)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        var topic = admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)).Topics.Single();
        var partitions = topic.Partitions.Where(p => p.Leader == brokerId).Select(p => p.PartitionId).ToList();
        Assert.NotEmpty(partitions); // The mock picks leaders at random; 8 partitions on 3 brokers leave none empty in practice.
        return partitions;
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
