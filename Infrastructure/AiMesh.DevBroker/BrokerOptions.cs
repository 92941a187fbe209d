namespace AiMesh.DevBroker;

/// <summary>What the dev broker was asked to run, as parsed from its command line.</summary>
public sealed record BrokerOptions
{
    public const int DefaultBrokerCount = 3;

    /// <summary>How many mock brokers (listeners) to start; replicas span at most three of them.</summary>
    public int BrokerCount { get; init; } = DefaultBrokerCount;

    /// <summary>Topics created before the bootstrap list is published, so clients never race auto-creation.</summary>
    public IReadOnlyList<TopicSpec> Topics { get; init; } = [];

    /// <summary>Where to publish the bootstrap list for a launcher that polls for it; optional.</summary>
    public string? BootstrapFile { get; init; }

    /// <summary>A process whose end should stop the broker, so it never outlives its launcher; optional.</summary>
    public int? ParentPid { get; init; }
}
