namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A .NET project of the solution, run as one process per replica.</summary>
public sealed class ProjectResource(string name, IProjectMetadata metadata)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithServiceDiscovery, IResourceWithWaitSupport
{
    public IProjectMetadata Metadata { get; } = metadata;

    public int Replicas => Annotations.LastOrDefault<ReplicaAnnotation>()?.Replicas ?? 1;
}
