namespace AiMesh.Hosting.Status.V1;

/// <summary>The status API's view of a resource (version 1); kept apart from the internal snapshot.</summary>
public sealed record ResourceDto(
    string Name,
    string Kind,
    string State,
    string? Health,
    bool External,
    string? ConnectionString,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<ReplicaDto> Replicas,
    int Restarts,
    IReadOnlyList<string> WaitsFor,
    IReadOnlyList<string> References,
    IReadOnlyList<string> Notes,
    string? Message);
