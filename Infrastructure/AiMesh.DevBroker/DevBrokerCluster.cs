using AiMesh.DevBroker.Native;

namespace AiMesh.DevBroker;

/// <summary>
/// The mock cluster as the dev broker runs it: brokers advertised at their fixed ports, the
/// controller set, groups tuned to rebalance in seconds and topics created, all before Kestrel
/// opens the fixed ports (hosted services start before the server). Also the one place that
/// applies and records the faults the control API asks for.
/// </summary>
internal sealed partial class DevBrokerCluster(
    BrokerOptions options,
    ILogger<DevBrokerCluster> logger,
    ILogger<LibRdKafkaLogForwarder> nativeLogger) : IHostedService, IDisposable
{
    /// <summary>What clients are told; forwarders listen on it.</summary>
    public const string AdvertisedHost = "127.0.0.1";

    /// <summary>The mock keeps at most this much per partition and drops the oldest batches (not configurable).</summary>
    public const long RetentionBytesPerPartition = 5 * 1024 * 1024;

    public const string InMemoryWarning =
        "This is librdkafka's in-memory MOCK Kafka cluster, for development and tests only: it is NOT durable, " +
        "all data is lost when this process stops or restarts, and each partition keeps only about 5 MiB (older messages are dropped).";

    /// <summary>
    /// Shortens a classic group's first rebalance from the mock's 3 s; 0 would be quicker still but
    /// breaks assignment in the mock (KAFKA-MOCK.md).
    /// </summary>
    private const int ClassicInitialRebalanceDelayMs = 500;

    /// <summary>How many mock clusters a start makes at most to find one whose listeners keep off the fixed ports.</summary>
    private const int MaxClusterAttempts = 5;

    private readonly Lock _lock = new();
    private MockCluster? _cluster;
    private BrokerState[] _brokers = [];

    public bool IsRunning => Volatile.Read(ref _cluster) is not null;

    public string BootstrapServers => string.Join(',', options.BrokerPorts.Select(p => $"{AdvertisedHost}:{p}"));

    public IReadOnlyList<TopicSpec> Topics => options.Topics;

    public IReadOnlyList<BrokerState> Brokers
    {
        get
        {
            lock (_lock)
            {
                return [.. _brokers];
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogNotDurable(logger, InMemoryWarning);
        var cluster = CreateClusterOffTheFixedPorts(() => MockCluster.Create(options.BrokerCount, nativeLogger));
        try
        {
            cluster.SetControllerId(1);
            cluster.SetConsumerGroupTimeouts(options.SessionTimeoutMs, options.HeartbeatIntervalMs);
            cluster.SetClassicGroupInitialRebalanceDelay(ClassicInitialRebalanceDelayMs);

            var brokers = new BrokerState[options.BrokerCount];
            for (var id = 1; id <= options.BrokerCount; id++)
            {
                var port = options.BrokerPorts[id - 1];
                cluster.AdvertiseBrokerAt(id, AdvertisedHost, port);
                brokers[id - 1] = new BrokerState(id, port, cluster.ListenerPort(id), Up: true, RttMs: 0);
            }

            foreach (var topic in options.Topics)
            {
                cluster.CreateTopic(topic);
                LogTopicCreated(logger, topic.Name, topic.Partitions);
            }

            lock (_lock)
            {
                _brokers = brokers;
                _cluster = cluster;
            }
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        LogStarted(logger, options.BrokerCount, BootstrapServers, options.SessionTimeoutMs, options.HeartbeatIntervalMs);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A cluster from <paramref name="create"/> none of whose listeners is on a port Kestrel is to open:
    /// a broker's fixed port or the control port. The mock listens on ports the kernel hands out from
    /// its ephemeral range, where ports picked free a moment before (by a test, or by this process when
    /// none was given) come from too, and a listener on one keeps Kestrel from opening it. Each
    /// replacement is made while the cluster before it still holds its ports, so it gets others.
    /// </summary>
    internal MockCluster CreateClusterOffTheFixedPorts(Func<MockCluster> create)
    {
        ArgumentNullException.ThrowIfNull(create);

        int[] fixedPorts = options.ControlPort is int controlPort ? [.. options.BrokerPorts, controlPort] : [.. options.BrokerPorts];
        var cluster = create();
        for (var attempt = 1; attempt < MaxClusterAttempts && TakenPort(cluster, fixedPorts) is int taken; attempt++)
        {
            LogListenerOnFixedPort(logger, taken);
            MockCluster replacement;
            try
            {
                replacement = create();
            }
            finally
            {
                cluster.Dispose();
            }

            cluster = replacement;
        }

        return cluster;
    }

    private static int? TakenPort(MockCluster cluster, int[] fixedPorts)
    {
        for (var id = 1; id <= cluster.BrokerCount; id++)
        {
            if (fixedPorts.Contains(cluster.ListenerPort(id)))
            {
                return cluster.ListenerPort(id);
            }
        }

        return null;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (TakeCluster() is { } cluster)
        {
            cluster.Dispose();
            LogStopped(logger);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => TakeCluster()?.Dispose();

    /// <summary>Logged once Kestrel listens on every port: from then on clients and the control API get answers.</summary>
    public void LogReady(int controlPort) => LogReady(logger, BootstrapServers, controlPort);

    /// <summary>The mock listener to forward a client of <paramref name="brokerId"/> to, or null once stopped.</summary>
    public int? ListenerPortOf(int brokerId)
    {
        lock (_lock)
        {
            return _cluster is null ? null : _brokers[brokerId - 1].ListenerPort;
        }
    }

    /// <summary>Sets one broker, or all of them (<see cref="MockCluster.AllBrokers"/>), down or up.</summary>
    public void SetBrokerUp(int brokerId, bool up)
    {
        ApplyToBrokers(brokerId, c => (up ? (Action<int>)c.SetBrokerUp : c.SetBrokerDown)(brokerId), b => b with { Up = up });
        LogBrokerUpDown(logger, Describe(brokerId), up ? "up" : "down");
    }

    /// <summary>Delays the responses of one broker, or all of them (<see cref="MockCluster.AllBrokers"/>).</summary>
    public void SetBrokerRtt(int brokerId, int rttMs)
    {
        ApplyToBrokers(brokerId, c => c.SetBrokerRtt(brokerId, rttMs), b => b with { RttMs = rttMs });
        LogBrokerRtt(logger, Describe(brokerId), rttMs);
    }

    /// <summary>Makes the next requests fail: on one broker (<paramref name="brokerId"/>) or, when it is null, on any.</summary>
    /// <remarks>
    /// librdkafka's mock looks at a broker's own error list for an API key before the cluster's, and
    /// keeps that list once it exists, even empty: after errors were pushed for one broker, errors
    /// pushed for any broker no longer reach that broker for the same API key.
    /// </remarks>
    public void PushRequestErrors(KafkaApiKey apiKey, IReadOnlyList<int> errors, int? brokerId)
    {
        var cluster = RunningCluster();
        if (brokerId is int id)
        {
            cluster.PushBrokerRequestErrors(id, apiKey, [.. errors]);
        }
        else
        {
            cluster.PushRequestErrors(apiKey, [.. errors]);
        }

        LogRequestErrors(logger, errors.Count, apiKey, brokerId is int b ? $"broker {b}" : "any broker",
            string.Join(", ", errors.Select(KafkaNames.DescribeErrorCode)));
    }

    public void ClearRequestErrors(KafkaApiKey apiKey)
    {
        RunningCluster().ClearRequestErrors(apiKey);
        LogRequestErrorsCleared(logger, apiKey);
    }

    private static string Describe(int brokerId) => brokerId == MockCluster.AllBrokers ? "all brokers" : $"broker {brokerId}";

    private void ApplyToBrokers(int brokerId, Action<MockCluster> command, Func<BrokerState, BrokerState> update)
    {
        lock (_lock)
        {
            command(RunningCluster());
            _brokers = [.. _brokers.Select(b => brokerId == MockCluster.AllBrokers || b.Id == brokerId ? update(b) : b)];
        }
    }

    private MockCluster RunningCluster() =>
        Volatile.Read(ref _cluster) ?? throw new InvalidOperationException("The mock cluster is not running.");

    private MockCluster? TakeCluster()
    {
        lock (_lock)
        {
            var cluster = _cluster;
            _cluster = null;
            return cluster;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogNotDurable(ILogger logger, string warning);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message =
        "Mock cluster started: {BrokerCount} broker(s); bootstrap servers {BootstrapServers}; KIP-848 groups: session timeout {SessionTimeoutMs} ms, heartbeat {HeartbeatIntervalMs} ms")]
    private static partial void LogStarted(ILogger logger, int brokerCount, string bootstrapServers, int sessionTimeoutMs, int heartbeatIntervalMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    private static partial void LogTopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Dev broker ready: bootstrap servers {BootstrapServers}; control API http://127.0.0.1:{ControlPort}")]
    private static partial void LogReady(ILogger logger, string bootstrapServers, int controlPort);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Mock cluster stopped; its data is gone")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "A mock listener took port {Port}, which a broker or the control API is to open; starting another cluster.")]
    private static partial void LogListenerOnFixedPort(ILogger logger, int port);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Fault injection: {Brokers} set {State}")]
    private static partial void LogBrokerUpDown(ILogger logger, string brokers, string state);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Fault injection: {Brokers} respond after {RttMs} ms")]
    private static partial void LogBrokerRtt(ILogger logger, string brokers, int rttMs);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Fault injection: the next {Count} {ApiKey} request(s) on {Target} fail with {Errors}")]
    private static partial void LogRequestErrors(ILogger logger, int count, KafkaApiKey apiKey, string target, string errors);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Fault injection: cleared pending cluster-wide {ApiKey} request errors")]
    private static partial void LogRequestErrorsCleared(ILogger logger, KafkaApiKey apiKey);
}
