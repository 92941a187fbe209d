namespace AiMesh.Hosting.Orchestration;

/// <summary>One replica (one process) of a resource, as of one moment.</summary>
public sealed record ReplicaSnapshot
{
    /// <summary><c>{resource}-{instance id}</c>, like Aspire's DCP names.</summary>
    public required string Name { get; init; }

    /// <summary>The replica's <c>service.instance.id</c>: 8 lowercase characters.</summary>
    public required string InstanceId { get; init; }

    public required int Index { get; init; }

    public ResourceState State { get; init; } = ResourceState.NotStarted;

    public int? Pid { get; init; }

    /// <summary>Start time of the process in clock ticks since boot: with the pid, names it unambiguously.</summary>
    public long? ProcessStartTicks { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public int Restarts { get; init; }

    public int? ExitCode { get; init; }

    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>Why the last health check failed, or why the replica failed to start.</summary>
    public string? Message { get; init; }
}
