using AiMesh.DevBroker.Tests.TestSupport;
using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests;

/// <summary>The cluster hosted in the test process, which is how tests reach fault injection.</summary>
public sealed class MockClusterTests : IDisposable
{
    private readonly ListLogger _nativeLog = new();
    private readonly MockCluster _cluster;

    public MockClusterTests()
    {
        _cluster = MockCluster.Create(1, _nativeLog);
        _cluster.CreateTopic(new TopicSpec("faults", 1));
    }

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Creating_a_topic_that_exists_fails_with_librdkafkas_reason()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => _cluster.CreateTopic(new TopicSpec("faults", 2)));

        Assert.Contains("TOPIC_ALREADY_EXISTS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_clients_bootstrap_warning_never_reaches_the_log()
    {
        Assert.DoesNotContain(_nativeLog.Entries, e => e.Message.Contains("bootstrap.servers", StringComparison.Ordinal));
    }

    [Fact]
    public void After_dispose_the_cluster_refuses_calls_and_a_second_dispose_is_harmless()
    {
        _cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _cluster.SetBrokerDown(1));
        _cluster.Dispose();
    }

    [Fact]
    public async Task Pushed_request_errors_fail_the_next_requests_of_that_type_in_order()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            Acks = Acks.All,
            MessageSendMaxRetries = 0,
        }).Build();

        _cluster.PushRequestErrors(KafkaApiKey.Produce, (int)ErrorCode.NotEnoughReplicas, (int)ErrorCode.MsgSizeTooLarge);

        Assert.Equal(ErrorCode.NotEnoughReplicas, await ProduceErrorAsync(producer, "1", cancellationToken));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, await ProduceErrorAsync(producer, "2", cancellationToken));
        Assert.Equal(ErrorCode.NoError, await ProduceErrorAsync(producer, "3", cancellationToken));
    }

    [Fact]
    public async Task A_broker_set_down_refuses_clients_until_it_is_set_up_again()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            MessageTimeoutMs = 1000,
            ReconnectBackoffMaxMs = 200,
        }).Build();

        _cluster.SetBrokerDown(MockCluster.AllBrokers);
        Assert.Equal(ErrorCode.Local_MsgTimedOut, await ProduceErrorAsync(producer, "lost", cancellationToken));

        // Reconnecting takes the client a backoff or two, which may outlast one message timeout.
        _cluster.SetBrokerUp(MockCluster.AllBrokers);
        var outcome = ErrorCode.Local_MsgTimedOut;
        for (var attempt = 0; attempt < 10 && outcome == ErrorCode.Local_MsgTimedOut; attempt++)
        {
            outcome = await ProduceErrorAsync(producer, "kept", cancellationToken);
        }

        Assert.Equal(ErrorCode.NoError, outcome);
    }

    private static async Task<ErrorCode> ProduceErrorAsync(IProducer<string, string> producer, string value, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceAsync("faults", new Message<string, string> { Key = "k", Value = value }, cancellationToken).DefaultTimeout();
            return ErrorCode.NoError;
        }
        catch (ProduceException<string, string> ex)
        {
            return ex.Error.Code;
        }
    }
}
