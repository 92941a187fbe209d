using AiMesh.Redis;
using AiMesh.ServiceDefaults.Redis;
using AiMesh.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Redis through AiMesh's RESP client, registered with Aspire's Redis names: the same method, the
/// same configuration section and health check name, so a service's configuration carries over.
/// </summary>
public static class RedisHostingExtensions
{
    /// <summary>Aspire.StackExchange.Redis's section: kept so existing configuration still applies.</summary>
    public const string DefaultConfigSectionName = "Aspire:StackExchange:Redis";

    private const string HealthCheckName = "StackExchange.Redis";

    /// <summary>Registers a singleton <see cref="RedisClient"/> for <c>ConnectionStrings:{connectionName}</c>; it connects on first use.</summary>
    public static void AddRedisClient(this IHostApplicationBuilder builder, string connectionName, Action<RedisSettings>? configureSettings = null) =>
        AddClient(builder, connectionName, serviceKey: null, configureSettings);

    /// <summary>As <c>AddRedisClient</c>, registered under the key <paramref name="name"/>.</summary>
    public static void AddKeyedRedisClient(this IHostApplicationBuilder builder, string name, Action<RedisSettings>? configureSettings = null) =>
        AddClient(builder, name, serviceKey: name, configureSettings);

    internal static RedisSettings ReadSettings(IConfiguration configuration, string connectionName, Action<RedisSettings>? configureSettings) =>
        ClientSettingsReader.Read(configuration, DefaultConfigSectionName, connectionName, configureSettings, "Redis");

    private static void AddClient(IHostApplicationBuilder builder, string connectionName, string? serviceKey, Action<RedisSettings>? configureSettings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = ReadSettings(builder.Configuration, connectionName, configureSettings);
        // Parsed now, so a malformed connection string fails at start-up rather than on first use.
        var options = RedisConnectionOptions.Parse(settings.ConnectionString!);

        var services = builder.Services;
        if (serviceKey is null)
        {
            services.AddSingleton(_ => new RedisClient(options));
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (_, _) => new RedisClient(options));
        }

        if (!settings.DisableHealthChecks)
        {
            services.TryAddHealthCheck(new HealthCheckRegistration(
                serviceKey is null ? HealthCheckName : $"{HealthCheckName}_{serviceKey}",
                provider => new RedisHealthCheck(
                    serviceKey is null ? provider.GetRequiredService<RedisClient>() : provider.GetRequiredKeyedService<RedisClient>(serviceKey),
                    settings.HealthCheckTimeout),
                failureStatus: null,
                tags: null));
        }
    }
}
