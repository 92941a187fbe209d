using System.Collections.ObjectModel;

namespace AiMesh.Hosting.ApplicationModel;

public sealed class ResourceAnnotationCollection : Collection<IResourceAnnotation>
{
    public IEnumerable<T> OfType<T>() where T : IResourceAnnotation => Items.OfType<T>();

    public T? LastOrDefault<T>() where T : class, IResourceAnnotation => Items.OfType<T>().LastOrDefault();
}
