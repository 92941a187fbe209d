using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Tests.Model;

/// <summary>
/// Builds models without starting them, and evaluates what a resource's process would receive, the way
/// the orchestrator does just before a start.
/// </summary>
internal static class ModelTestSupport
{
    /// <summary>A builder whose AppHost is this test assembly; nothing is created on disk.</summary>
    public static DistributedApplicationBuilder CreateBuilder(params string[] args) =>
        new(new DistributedApplicationOptions { Args = args, AppHostAssembly = typeof(ModelTestSupport).Assembly, LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance });

    /// <summary>Pretends the AppHost allocated the resource's endpoint, one address per replica.</summary>
    public static void Allocate(IResource resource, string endpointName, params AllocatedEndpoint[] allocated) =>
        resource.GetEndpoints().Single(e => e.Name == endpointName).Allocated = allocated;

    /// <summary>Runs every environment callback of the resource for one replica and resolves the values.</summary>
    public static async Task<Dictionary<string, string?>> GetEnvironmentAsync(IResource resource, int replicaIndex = 0)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), replicaIndex);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context).DefaultTimeout();
        }

        var resolved = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in context.EnvironmentVariables)
        {
            resolved[name] = await ResolveAsync(value);
        }

        return resolved;
    }

    /// <summary>Runs every argument callback of the resource and resolves the values, in order.</summary>
    public static async Task<List<string?>> GetArgsAsync(IResource resource)
    {
        var context = new CommandLineArgsCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run));
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await annotation.Callback(context).DefaultTimeout();
        }

        var resolved = new List<string?>();
        foreach (var value in context.Args)
        {
            resolved.Add(await ResolveAsync(value));
        }

        return resolved;
    }

    public static Task<string?> ResolveAsync(object value) => value switch
    {
        string text => Task.FromResult<string?>(text),
        IValueProvider provider => provider.GetValueAsync().AsTask().DefaultTimeout(),
        _ => throw new InvalidOperationException($"Unexpected value of type {value.GetType().Name}."),
    };
}
