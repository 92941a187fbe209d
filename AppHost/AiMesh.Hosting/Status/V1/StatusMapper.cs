using AiMesh.Hosting.Orchestration;

namespace AiMesh.Hosting.Status.V1;

internal static class StatusMapper
{
    public static ResourceDto ToDto(ResourceSnapshot s, SecretMasker masker) => new(
        s.Name,
        s.Kind,
        s.State.ToString(),
        Health(s.State),
        s.IsExternal,
        masker.Apply(s.ConnectionString),
        s.Replicas.SelectMany(r => r.Endpoints).ToArray(),
        s.Replicas.Select(r => new ReplicaDto(r.Name, r.InstanceId, r.State.ToString(), Health(r.State), r.Pid, r.ProcessStartTicks, r.StartedAt, r.Restarts, r.ExitCode, r.Endpoints, masker.Apply(r.Message))).ToArray(),
        s.Replicas.Sum(r => r.Restarts),
        s.WaitsFor,
        s.References,
        s.Notes,
        masker.Apply(s.Message));

    /// <summary>Overall: Healthy when every resource is, Failed when one can no longer start, else Starting.</summary>
    public static string Overall(IReadOnlyList<ResourceSnapshot> snapshots, bool modelRegistered) =>
        !modelRegistered ? "Starting"
        : snapshots.All(s => s.IsHealthy) ? "Healthy"
        : snapshots.Any(s => s.IsTerminal) ? "Failed"
        : snapshots.Any(s => s.State is ResourceState.Stopping) ? "Stopping"
        : "Starting";

    private static string? Health(ResourceState state) => state switch
    {
        ResourceState.Healthy => "Healthy",
        ResourceState.Unhealthy => "Unhealthy",
        _ => null,
    };
}
