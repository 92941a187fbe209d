using AiMesh.AppHost.Hosting.Parameters;

namespace Aspire.Hosting;

public static class ParameterDefaultExtensions
{
    /// <summary>
    /// A parameter whose value comes from configuration (<c>Parameters:{name}</c>: user secrets,
    /// appsettings, <c>Parameters__{name}</c>) and is <paramref name="defaultValue"/> otherwise. The
    /// default is published in the manifest, except for a secret: there it is an input without a
    /// value, which azd asks for.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameterWithDefault(
        this IDistributedApplicationBuilder builder, string name, string defaultValue, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return secret && builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter(name, secret: true)
            : builder.AddParameter(name, new ConfigurableParameterDefault(defaultValue), secret);
    }
}
