using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting;

public static class ParameterResourceBuilderExtensions
{
    /// <summary>A parameter read from configuration <c>Parameters:{name}</c>; starting without a value fails clearly.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddParameter(name, (ParameterDefault?)null, secret);

    /// <summary>A parameter with a default value that configuration can override.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, string value, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        return builder.AddParameter(name, new ConstantParameterDefault(value), secret);
    }

    /// <summary>
    /// A parameter whose default is produced by <paramref name="defaultValue"/>; a generated value is
    /// persisted outside the repository so it stays the same from run to run.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, ParameterDefault? defaultValue, bool secret = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ParameterResource(name, defaultValue, secret));
    }

    /// <summary>The password parameter Postgres and Redis make for themselves, as Aspire's <c>{name}-password</c>.</summary>
    internal static ParameterResource CreateGeneratedPassword(this IDistributedApplicationBuilder builder, string resourceName)
    {
        var parameter = new ParameterResource($"{resourceName}-password", new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true);
        builder.AddResource(parameter);
        return parameter;
    }
}
