namespace AiMesh.Hosting.Status.V1;

public sealed record ReplicaDto(
    string Name,
    string InstanceId,
    string State,
    string? Health,
    int? Pid,
    long? ProcessStartTicks,
    DateTimeOffset? StartedAt,
    int Restarts,
    int? ExitCode,
    IReadOnlyList<string> Endpoints,
    string? Message);
