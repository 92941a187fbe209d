namespace AiMesh.AppHost.Hosting;

/// <summary>Where a piece of infrastructure (Kafka, Redis, PostgreSQL) comes from in this run.</summary>
public enum InfrastructureSource
{
    /// <summary>A server on this machine, run as a process by the AppHost (no container runtime needed).</summary>
    LocalProcess,

    /// <summary>Aspire's standard container: always when publishing, in run mode when <c>AppHost:UseContainers</c> is true.</summary>
    Container,

    /// <summary>A server that already exists: <c>ConnectionStrings:{name}</c> in the AppHost's configuration; nothing starts for it.</summary>
    ExistingServer,
}
