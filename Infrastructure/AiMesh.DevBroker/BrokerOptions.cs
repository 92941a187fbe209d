namespace AiMesh.DevBroker;

/// <summary>What the dev broker was asked to run, as parsed from its command line.</summary>
public sealed record BrokerOptions
{
    /// <summary>Brokers started when no <c>--port</c> is given.</summary>
    public const int DefaultBrokerCount = 3;

    /// <summary>The mock's default is 30 s, which leaves a dead member's partitions unread that long.</summary>
    public const int DefaultSessionTimeoutMs = 6000;

    public const int DefaultHeartbeatIntervalMs = 1000;

    /// <summary>
    /// The fixed 127.0.0.1 port of each broker, broker ids 1..N in order; empty for
    /// <see cref="DefaultBrokerCount"/> brokers on free ports.
    /// </summary>
    public IReadOnlyList<int> BrokerPorts { get; init; } = [];

    /// <summary>Topics created before any client can connect, so clients never race auto-creation.</summary>
    public IReadOnlyList<TopicSpec> Topics { get; init; } = [];

    /// <summary>The HTTP control surface's 127.0.0.1 port; null for a free one.</summary>
    public int? ControlPort { get; init; }

    /// <summary>KIP-848 groups: how long a member that stopped heartbeating keeps its partitions.</summary>
    public int SessionTimeoutMs { get; init; } = DefaultSessionTimeoutMs;

    /// <summary>KIP-848 groups: how often members heartbeat, and so how soon they learn of a rebalance.</summary>
    public int HeartbeatIntervalMs { get; init; } = DefaultHeartbeatIntervalMs;

    public int BrokerCount => BrokerPorts.Count == 0 ? DefaultBrokerCount : BrokerPorts.Count;
}
