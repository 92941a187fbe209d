namespace AiMesh.Hosting.Orchestration;

/// <summary>A resource and its replicas as of one moment; the status API and the tests read these.</summary>
public sealed record ResourceSnapshot
{
    public required string Name { get; init; }

    /// <summary>Project, Executable, Kafka, Redis, Postgres, PostgresDatabase or Parameter.</summary>
    public required string Kind { get; init; }

    public ResourceState State { get; init; } = ResourceState.NotStarted;

    /// <summary>Configured from outside (a connection string): the AppHost runs nothing for it.</summary>
    public bool IsExternal { get; init; }

    /// <summary>The unmasked connection string; the status API masks secrets before showing it.</summary>
    public string? ConnectionString { get; init; }

    public IReadOnlyList<ReplicaSnapshot> Replicas { get; init; } = [];

    public IReadOnlyList<string> WaitsFor { get; init; } = [];

    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The URLs of endpoints marked external (<c>WithExternalHttpEndpoints</c>): where a person goes.</summary>
    public IReadOnlyList<string> ExternalUrls { get; init; } = [];

    public string? Message { get; init; }

    public bool IsHealthy => State == ResourceState.Healthy;

    /// <summary>States it will not leave by itself.</summary>
    public bool IsTerminal => State is ResourceState.FailedToStart || (State is ResourceState.Exited && !WillRestart);

    /// <summary>Whether exited replicas are going to be started again.</summary>
    public bool WillRestart { get; init; }
}
