using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace AiMesh.ServiceDefaults.Hosting;

/// <summary>
/// Which replica this process is, as telemetry reports it: <c>OTEL_SERVICE_NAME</c> and the
/// <c>service.instance.id</c> of <c>OTEL_RESOURCE_ATTRIBUTES</c>, both set per replica by the AppHost
/// (AiMesh's and Aspire's alike). Services put <see cref="Name"/> into what they produce so a result
/// says which replica made it.
/// </summary>
/// <param name="ServiceName">The service, e.g. <c>ai</c>.</param>
/// <param name="InstanceId">The replica, e.g. <c>3f9c2a1b</c>.</param>
public sealed record ServiceInstance(string ServiceName, string InstanceId)
{
    private const string InstanceIdAttribute = "service.instance.id";

    /// <summary>The replica's display name, <c>{service}-{instance}</c>, e.g. <c>ai-3f9c2a1b</c>.</summary>
    public string Name => $"{ServiceName}-{InstanceId}";

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// Reads the identity from configuration. Without an AppHost the service name falls back to
    /// <paramref name="applicationName"/> and the instance id to a random one for this process.
    /// </summary>
    public static ServiceInstance FromConfiguration(IConfiguration configuration, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(applicationName);

        var serviceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : applicationName;
        var instanceId = FindAttribute(configuration["OTEL_RESOURCE_ATTRIBUTES"], InstanceIdAttribute)
            ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return new ServiceInstance(serviceName, instanceId);
    }

    /// <summary>Finds one key in the OpenTelemetry <c>key1=value1,key2=value2</c> attribute list.</summary>
    private static string? FindAttribute(string? attributes, string key)
    {
        foreach (var pair in (attributes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && pair[..separator].Trim() == key && pair[(separator + 1)..].Trim() is { Length: > 0 } value)
            {
                return Uri.UnescapeDataString(value);
            }
        }

        return null;
    }
}
