using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace AiMesh.Tests.Kafka;

/// <summary>
/// librdkafka's mock cluster (3 brokers on loopback) inside the test process, owned by a bootstrap
/// producer created with <c>test.mock.num.brokers</c>; its broker list is read from the log line
/// "Mock cluster enabled: … replaced with &lt;list&gt;". Disposing the producer ends the cluster.
/// Brokers can be taken down and brought back up (<see cref="SetBrokerDown"/>, <see cref="SetBrokerUp"/>).
/// </summary>
public sealed partial class KafkaMockCluster : IAsyncLifetime
{
    /// <summary>How many brokers the cluster has; their ids are 1 to this.</summary>
    public const int BrokerCount = 3;

    // The mock's broker id for "every broker".
    private const int AllBrokers = -1;

    private IProducer<Null, Null>? _owner;

    static KafkaMockCluster() => TestLibrdkafka.Register();

    /// <summary>
    /// Configuration for a service whose consumers read from this cluster: a 10 ms fetch wait. The bare
    /// mock holds an empty fetch for all of its wait, even when data arrives meanwhile, so at librdkafka's
    /// default (which the services keep, as the dev broker answers a waiting fetch when data arrives) each
    /// hop would take up to half a second.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ServiceConsumerSettings { get; } = new Dictionary<string, string?>
    {
        ["Aspire:Confluent:Kafka:Consumer:Config:FetchWaitMaxMs"] = "10",
    };

    public string BootstrapServers { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var bootstrapServers = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = new ProducerConfig { BootstrapServers = "mock" };
        config.Set("test.mock.num.brokers", BrokerCount.ToString(System.Globalization.CultureInfo.InvariantCulture));

        _owner = new ProducerBuilder<Null, Null>(config)
            .SetLogHandler((_, message) =>
            {
                if (MockClusterLine().Match(message.Message) is { Success: true } match)
                {
                    bootstrapServers.TrySetResult(match.Groups["servers"].Value);
                }
            })
            .Build();

        BootstrapServers = await bootstrapServers.Task.DefaultTimeout(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Closes broker <paramref name="brokerId"/>'s connections and refuses new ones, as a broker that
    /// stopped would; clients see it go down at once.
    /// </summary>
    public void SetBrokerDown(int brokerId) => Check(MockClusterNative.BrokerSetDown(MockCluster(), brokerId), "down", brokerId);

    /// <summary>Lets broker <paramref name="brokerId"/> accept connections again.</summary>
    public void SetBrokerUp(int brokerId) => Check(MockClusterNative.BrokerSetUp(MockCluster(), brokerId), "up", brokerId);

    /// <summary>
    /// Delays every response of every broker by <paramref name="roundTrip"/> (zero for none), as a cluster
    /// too busy to answer would: connections stay up, so clients see no broker go down.
    /// </summary>
    public void SetAllBrokersRoundTrip(TimeSpan roundTrip) =>
        Check(MockClusterNative.BrokerSetRtt(MockCluster(), AllBrokers, (int)roundTrip.TotalMilliseconds), $"answer after {roundTrip}", AllBrokers);

    /// <summary>Makes broker <paramref name="brokerId"/> the leader of <paramref name="topic"/>'s <paramref name="partition"/>.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.PartitionSetLeader(MockCluster(), topic, partition, brokerId), $"leader of {topic}/{partition}", brokerId);

    /// <summary>
    /// Creates <paramref name="topic"/> before anyone uses it, as the AppHost's dev broker does. KIP-848
    /// consumers (<c>group.protocol=consumer</c>) do not create the topics they subscribe to, and the
    /// mock is slow to assign one that a producer creates later.
    /// </summary>
    public void CreateTopic(string topic, int partitions = 4)
    {
        var error = MockClusterNative.TopicCreate(MockCluster(), topic, partitions, BrokerCount);
        if (error != 0 && (ErrorCode)error != ErrorCode.TopicAlreadyExists)
        {
            throw new InvalidOperationException($"librdkafka could not create mock topic {topic}: {(ErrorCode)error}.");
        }
    }

    public void SetAllBrokersDown()
    {
        for (var brokerId = 1; brokerId <= BrokerCount; brokerId++)
        {
            SetBrokerDown(brokerId);
        }
    }

    public void SetAllBrokersUp()
    {
        for (var brokerId = 1; brokerId <= BrokerCount; brokerId++)
        {
            SetBrokerUp(brokerId);
        }
    }

    public ValueTask DisposeAsync()
    {
        // Forgotten first: a mock call after this must throw, not reach the destroyed cluster through the
        // freed native handle.
        var owner = _owner;
        _owner = null;
        owner?.Dispose();
        return ValueTask.CompletedTask;
    }

    private nint MockCluster()
    {
        var owner = _owner ?? throw new InvalidOperationException("The mock cluster has not started, or has been disposed.");

        // Confluent.Kafka (1.9 to 2.16) keeps the native rd_kafka_t* in an internal SafeHandle: the mock
        // cluster API needs that pointer, and the owner outlives every call, so borrowing it is safe.
        var handle = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(owner.Handle) as SafeHandle
            ?? throw new InvalidOperationException("This Confluent.Kafka version does not expose Handle.LibrdkafkaHandle; update KafkaMockCluster.");
        var cluster = MockClusterNative.HandleMockCluster(handle.DangerousGetHandle());
        return cluster != 0 ? cluster : throw new InvalidOperationException("The owner producer has no mock cluster.");
    }

    private static void Check(int error, string state, int brokerId)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"librdkafka could not make mock broker {brokerId} {state}: {(ErrorCode)error}.");
        }
    }

    [GeneratedRegex(@"Mock cluster enabled.*replaced with (?<servers>[0-9.:,]+)")]
    private static partial Regex MockClusterLine();
}
