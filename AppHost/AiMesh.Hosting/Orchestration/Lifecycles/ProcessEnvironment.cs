using System.Collections;
using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>Builds the environment and arguments a resource's process starts with.</summary>
internal static class ProcessEnvironment
{
    // Aspire's rule: these describe the AppHost itself, so children must not inherit them.
    private static readonly string[] s_notInherited = ["ASPNETCORE_URLS", "DOTNET_LAUNCH_PROFILE", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    public static Dictionary<string, string> Inherited()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!s_notInherited.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                environment[name] = (string?)entry.Value ?? "";
            }
        }

        return environment;
    }

    /// <summary>Runs the resource's environment callbacks for one replica and resolves every value.</summary>
    public static async Task AddCallbackValuesAsync(IResource resource, int replica, DistributedApplicationExecutionContext executionContext, IDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var context = new EnvironmentCallbackContext(executionContext, replica, cancellationToken);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context).ConfigureAwait(false);
        }

        foreach (var (name, value) in context.EnvironmentVariables)
        {
            environment[name] = await ResolveAsync(value, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<List<string>> GetArgsAsync(IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var context = new CommandLineArgsCallbackContext(executionContext, cancellationToken);
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await annotation.Callback(context).ConfigureAwait(false);
        }

        var args = new List<string>(context.Args.Count);
        foreach (var arg in context.Args)
        {
            args.Add(await ResolveAsync(arg, cancellationToken).ConfigureAwait(false));
        }

        return args;
    }

    private static async Task<string> ResolveAsync(object value, CancellationToken cancellationToken) => value switch
    {
        string text => text,
        IValueProvider provider => await provider.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
