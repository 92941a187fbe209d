using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting;

public static class ExecutableResourceBuilderExtensions
{
    /// <summary>Adds a program started as a local process, e.g. a tool or a non-.NET server.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        var resource = new ExecutableResource(name, command, Path.GetFullPath(workingDirectory, builder.AppHostDirectory));
        var resourceBuilder = builder.AddResource(resource);
        return args.Length > 0 ? resourceBuilder.WithArgs(args) : resourceBuilder;
    }
}
