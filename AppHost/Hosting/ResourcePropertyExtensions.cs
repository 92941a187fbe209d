using System.Collections.Immutable;

namespace AiMesh.AppHost.Hosting;

internal static class ResourcePropertyExtensions
{
    /// <summary>The properties with <paramref name="name"/> set to <paramref name="value"/>, replacing any earlier value.</summary>
    public static ImmutableArray<ResourcePropertySnapshot> With(this ImmutableArray<ResourcePropertySnapshot> properties, string name, object? value) =>
        [.. properties.Where(property => property.Name != name), new ResourcePropertySnapshot(name, value)];
}
