namespace AiMesh.Hosting.ApplicationModel;

/// <summary>The annotated resource starts only once <see cref="Resource"/> reached <see cref="WaitType"/>.</summary>
public sealed class WaitAnnotation(IResource resource, WaitType waitType) : IResourceAnnotation
{
    public IResource Resource { get; } = resource;

    public WaitType WaitType { get; } = waitType;
}
