using System.Diagnostics;
using System.Runtime.InteropServices;
using AiMesh.DevBroker.Native;

namespace AiMesh.DevBroker;

/// <summary>
/// librdkafka's in-memory mock Kafka cluster, listening on 127.0.0.1, together with the client
/// handle that hosts it. In-memory only: not durable, bounded per partition, for dev and tests.
/// </summary>
/// <remarks>
/// One class owns both native handles because their lifetimes are tied: the cluster must be
/// destroyed before its host client, or librdkafka asserts and aborts the process. Usable
/// in-process too, which is how tests reach the fault-injection methods.
/// </remarks>
public sealed class MockCluster : IDisposable
{
    /// <summary>Passed as a broker id, addresses every broker at once.</summary>
    public const int AllBrokers = -1;

    private const int ErrorBufferSize = 512;

    // See LeaveRoomAfterLastCommand(): long enough for the mock thread to finish a loop, short enough not to matter.
    private static readonly TimeSpan s_commandSpacing = TimeSpan.FromMilliseconds(10);

    private readonly Lock _lock = new();
    private readonly GCHandle _logHandle;
    private nint _client;
    private nint _cluster;
    private long _lastCommand;

    private MockCluster(nint client, nint cluster, GCHandle logHandle, int brokerCount, string bootstrapServers)
    {
        _client = client;
        _cluster = cluster;
        _logHandle = logHandle;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    public int BrokerCount { get; }

    /// <summary>
    /// Comma-separated <c>127.0.0.1:port</c> listeners, one per broker in id order; new ports every
    /// start. Read once at creation, so <see cref="AdvertiseBrokerAt"/> does not change it.
    /// </summary>
    public string BootstrapServers { get; }

    /// <summary>The mock's own listener port for each broker id (1-based), from <see cref="BootstrapServers"/>.</summary>
    public int ListenerPort(int brokerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount);
        var listener = BootstrapServers.Split(',')[brokerId - 1];
        return int.Parse(listener[(listener.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Starts a cluster of <paramref name="brokerCount"/> brokers, logging librdkafka's own lines to <paramref name="logger"/>.</summary>
    /// <exception cref="InvalidOperationException">librdkafka refused to create the client or the cluster.</exception>
    public static MockCluster Create(int brokerCount, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        ArgumentNullException.ThrowIfNull(logger);

        var logHandle = GCHandle.Alloc(new LibRdKafkaLogForwarder(logger));
        nint client = 0;
        try
        {
            client = CreateHostClient(logHandle);
            var cluster = LibRdKafka.MockClusterNew(client, brokerCount);
            if (cluster == 0)
            {
                throw new InvalidOperationException($"librdkafka could not start a mock cluster of {brokerCount} brokers (see its log above).");
            }

            string bootstrapServers;
            unsafe
            {
                bootstrapServers = LibRdKafka.ReadString(LibRdKafka.MockClusterBootstraps(cluster));
            }

            return new MockCluster(client, cluster, logHandle, brokerCount, bootstrapServers);
        }
        catch
        {
            if (client != 0)
            {
                LibRdKafka.Destroy(client);
            }

            logHandle.Free();
            throw;
        }
    }

    /// <summary>Creates a topic; its replicas are the first min(3, brokers) brokers, as for auto-created topics.</summary>
    /// <exception cref="InvalidOperationException">The topic exists already, or librdkafka refused it.</exception>
    public void CreateTopic(TopicSpec topic)
    {
        ArgumentNullException.ThrowIfNull(topic);

        // The mock ignores the replication factor and uses its cluster default, but it
        // still validates it, so pass what a real cluster of this size would get.
        var replicationFactor = Math.Min(3, BrokerCount);
        Check(Command(c => LibRdKafka.MockTopicCreate(c, topic.Name, topic.Partitions, replicationFactor)), $"create topic {topic}");
    }

    /// <summary>Closes a broker's connections and refuses new ones on its port; leaders do not move.</summary>
    public void SetBrokerDown(int brokerId) =>
        Check(Command(c => LibRdKafka.MockBrokerSetDown(c, brokerId)), $"set broker {brokerId} down");

    /// <summary>Listens again on the broker's port after <see cref="SetBrokerDown"/>.</summary>
    public void SetBrokerUp(int brokerId) =>
        Check(Command(c => LibRdKafka.MockBrokerSetUp(c, brokerId)), $"set broker {brokerId} up");

    /// <summary>Delays every response of a broker by <paramref name="rttMs"/> milliseconds (0 for none).</summary>
    public void SetBrokerRtt(int brokerId, int rttMs) =>
        Check(Command(c => LibRdKafka.MockBrokerSetRtt(c, brokerId, rttMs)), $"set broker {brokerId}'s round-trip time");

    /// <summary>
    /// Makes a broker advertise <paramref name="host"/>:<paramref name="port"/> in Metadata instead
    /// of its own listener, so clients reach it through a forwarder on a port that outlives this process.
    /// </summary>
    public void AdvertiseBrokerAt(int brokerId, string host, int port) => Command(c =>
    {
        LibRdKafka.MockBrokerSetHostPort(c, brokerId, host, port);
        return 0;
    });

    /// <summary>Names the controller; without one, admin requests wait for it forever.</summary>
    public void SetControllerId(int brokerId) => Command(c =>
    {
        LibRdKafka.MockSetControllerId(c, brokerId);
        return 0;
    });

    /// <summary>
    /// Session timeout and heartbeat interval of KIP-848 (<c>group.protocol=consumer</c>) groups:
    /// how long a member that vanished keeps its partitions, and how often members check in.
    /// </summary>
    public void SetConsumerGroupTimeouts(int sessionTimeoutMs, int heartbeatIntervalMs) => Command(c =>
    {
        LibRdKafka.MockSetGroupConsumerSessionTimeoutMs(c, sessionTimeoutMs);
        LibRdKafka.MockSetGroupConsumerHeartbeatIntervalMs(c, heartbeatIntervalMs);
        return 0;
    });

    /// <summary>How long a classic group's first rebalance waits for more members to join.</summary>
    public void SetClassicGroupInitialRebalanceDelay(int delayMs) => Command(c =>
    {
        LibRdKafka.MockGroupInitialRebalanceDelayMs(c, delayMs);
        return 0;
    });

    /// <summary>
    /// Makes the next requests of one type, on any broker, fail with these Kafka error codes in
    /// order (one request each). The codes are librdkafka's, which Confluent.Kafka's ErrorCode shares.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ReadOnlySpan<int> errors)
    {
        var copy = errors.ToArray();
        Command(c => PushRequestErrors(c, apiKey, copy));
    }

    /// <summary>
    /// Like <see cref="PushRequestErrors(KafkaApiKey, ReadOnlySpan{int})"/>, for one broker only; a broker's own errors are taken
    /// before the cluster-wide ones. The mock offers no way to clear them: they are used up by requests.
    /// </summary>
    public void PushBrokerRequestErrors(int brokerId, KafkaApiKey apiKey, params ReadOnlySpan<int> errors)
    {
        foreach (var error in errors)
        {
            // One pair per call, in order: the stack is first in, first out.
            Check(
                Command(c => LibRdKafka.MockBrokerPushRequestErrorRtt(c, brokerId, (short)apiKey, 1, error, 0)),
                $"push a {apiKey} error onto broker {brokerId}");
        }
    }

    /// <summary>Drops cluster-wide request errors pushed for a request type that no request has taken yet.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) => Command(c =>
    {
        LibRdKafka.MockClearRequestErrors(c, (short)apiKey);
        return 0;
    });

    /// <summary>
    /// Stops the brokers and frees the cluster and then its host client, in the order librdkafka
    /// requires.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_client == 0)
            {
                return;
            }

            LeaveRoomAfterLastCommand();
            LibRdKafka.MockClusterDestroy(_cluster);
            LibRdKafka.Destroy(_client);
            _cluster = 0;
            _client = 0;
        }

        // Only now: librdkafka may log from its threads until rd_kafka_destroy returns.
        _logHandle.Free();
    }

    private static unsafe nint CreateHostClient(GCHandle logHandle)
    {
        var errors = stackalloc byte[ErrorBufferSize];
        var conf = LibRdKafka.ConfNew();
        try
        {
            if (LibRdKafka.ConfSet(conf, "client.id", "aimesh-devbroker", errors, ErrorBufferSize) != LibRdKafka.ConfOk)
            {
                throw new InvalidOperationException($"librdkafka rejected its configuration: {LibRdKafka.ReadString(errors)}");
            }

            LibRdKafka.ConfSetOpaque(conf, GCHandle.ToIntPtr(logHandle));
            LibRdKafka.ConfSetLogCallback(conf, LibRdKafkaLogForwarder.Callback);

            // A producer with no brokers: it exists only to host the cluster (timers, logging).
            var client = LibRdKafka.New(LibRdKafka.ProducerType, conf, errors, ErrorBufferSize);
            if (client == 0)
            {
                throw new InvalidOperationException($"librdkafka could not create the mock cluster's host client: {LibRdKafka.ReadString(errors)}");
            }

            conf = 0; // rd_kafka_new took ownership.
            return client;
        }
        finally
        {
            if (conf != 0)
            {
                LibRdKafka.ConfDestroy(conf);
            }
        }
    }

    private static void Check(int err, string action)
    {
        if (err != 0)
        {
            throw new InvalidOperationException($"Mock cluster could not {action}: {LibRdKafka.DescribeError(err)}");
        }
    }

    private static unsafe int PushRequestErrors(nint cluster, KafkaApiKey apiKey, int[] errors)
    {
        fixed (int* first = errors)
        {
            LibRdKafka.MockPushRequestErrorsArray(cluster, (short)apiKey, (nuint)errors.Length, first);
        }

        return 0;
    }

    // Under the lock, so Dispose cannot free the cluster while a command uses it.
    private int Command(Func<nint, int> command)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_cluster == 0, this);
            LeaveRoomAfterLastCommand();
            try
            {
                return command(_cluster);
            }
            finally
            {
                _lastCommand = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>
    /// Keeps commands to the mock thread apart. librdkafka 2.0.2's mock thread served its command
    /// queue and only then drained its wake-up pipe, so a command queued in between lost its
    /// wake-up and waited for the thread's 1 s poll timeout. Kept for 2.16, where it is not known
    /// to be fixed: commands are rare, so a few milliseconds between them cost nothing.
    /// </summary>
    private void LeaveRoomAfterLastCommand()
    {
        var sinceLast = Stopwatch.GetElapsedTime(_lastCommand);
        if (_lastCommand != 0 && sinceLast < s_commandSpacing)
        {
            Thread.Sleep(s_commandSpacing - sinceLast);
        }
    }
}
