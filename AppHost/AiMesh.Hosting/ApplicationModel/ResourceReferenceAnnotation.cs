namespace AiMesh.Hosting.ApplicationModel;

/// <summary>Records that the annotated resource was given a reference to <see cref="Resource"/>.</summary>
public sealed class ResourceReferenceAnnotation(IResource resource) : IResourceAnnotation
{
    public IResource Resource { get; } = resource;
}
