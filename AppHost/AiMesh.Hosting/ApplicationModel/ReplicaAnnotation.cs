namespace AiMesh.Hosting.ApplicationModel;

/// <summary>How many instances of a project run side by side.</summary>
public sealed class ReplicaAnnotation(int replicas) : IResourceAnnotation
{
    public int Replicas { get; } = replicas;
}
