using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>Adds a project the host references; <typeparamref name="TProject"/> is its generated <c>Projects.*</c> class.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject(name, new TProject());

    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectPath);
        var fullPath = Path.GetFullPath(projectPath, builder.AppHostDirectory);
        return builder.AddProject(name, new ProjectPathMetadata(fullPath));
    }

    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, IProjectMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(metadata);
        return builder.AddResource(new ProjectResource(name, metadata)).WithHttpEndpoint();
    }

    /// <summary>
    /// Runs <paramref name="replicas"/> processes of the project, each on its own port and with its own
    /// <c>service.instance.id</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        if (replicas > 1 && builder.Resource.GetEndpoints().Any(e => e.Port is not null))
        {
            throw new DistributedApplicationException($"Resource '{builder.Resource.Name}' has a fixed port, so it cannot run {replicas} replicas.");
        }

        return builder.WithAnnotation(new ReplicaAnnotation(replicas), ResourceAnnotationMutationBehavior.Replace);
    }

    private sealed class ProjectPathMetadata(string projectPath) : IProjectMetadata
    {
        public string ProjectPath { get; } = projectPath;
    }
}
