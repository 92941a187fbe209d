using System.Data.Common;
using AiMesh.ServiceDefaults.Npgsql;
using AiMesh.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// PostgreSQL through a singleton <see cref="NpgsqlDataSource"/>, with Aspire.Npgsql's names,
/// configuration section and health check.
/// </summary>
public static class NpgsqlHostingExtensions
{
    /// <summary>The section <see cref="NpgsqlSettings"/> are bound from.</summary>
    public const string DefaultConfigSectionName = "Aspire:Npgsql";

    private const string HealthCheckName = "PostgreSql";

    // Npgsql emits both natively; tracing and metrics only have to listen.
    private const string NpgsqlTelemetryName = "Npgsql";

    /// <summary>
    /// Registers a singleton <see cref="NpgsqlDataSource"/> (also as <see cref="DbDataSource"/>) for
    /// <c>ConnectionStrings:{connectionName}</c>, and transient <see cref="NpgsqlConnection"/>s from it.
    /// </summary>
    public static void AddNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null) =>
        AddDataSource(builder, connectionName, serviceKey: null, configureSettings, configureDataSourceBuilder);

    /// <summary>As <c>AddNpgsqlDataSource</c>, registered under the key <paramref name="name"/>.</summary>
    public static void AddKeyedNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string name,
        Action<NpgsqlSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null) =>
        AddDataSource(builder, name, serviceKey: name, configureSettings, configureDataSourceBuilder);

    internal static NpgsqlSettings ReadSettings(IConfiguration configuration, string connectionName, Action<NpgsqlSettings>? configureSettings) =>
        ClientSettingsReader.Read(configuration, DefaultConfigSectionName, connectionName, configureSettings, "PostgreSQL");

    private static void AddDataSource(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<NpgsqlSettings>? configureSettings,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = ReadSettings(builder.Configuration, connectionName, configureSettings);

        NpgsqlDataSource Create(IServiceProvider services)
        {
            var dataSourceBuilder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
            dataSourceBuilder.UseLoggerFactory(services.GetService<ILoggerFactory>());
            if (settings.DisableTracing)
            {
                // The Npgsql source is shared by every data source; filter this one's activities out.
                dataSourceBuilder.ConfigureTracing(tracing => tracing
                    .ConfigureCommandFilter(_ => false)
                    .ConfigureBatchFilter(_ => false));
            }

            configureDataSourceBuilder?.Invoke(dataSourceBuilder);
            return dataSourceBuilder.Build();
        }

        var services = builder.Services;
        if (serviceKey is null)
        {
            services.AddSingleton(Create);
            services.TryAddSingleton<DbDataSource>(provider => provider.GetRequiredService<NpgsqlDataSource>());
            services.AddTransient(provider => provider.GetRequiredService<NpgsqlDataSource>().CreateConnection());
            services.TryAddTransient<DbConnection>(provider => provider.GetRequiredService<NpgsqlConnection>());
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (provider, _) => Create(provider));
            services.AddKeyedSingleton<DbDataSource>(serviceKey, (provider, key) => provider.GetRequiredKeyedService<NpgsqlDataSource>(key));
            services.AddKeyedTransient(serviceKey, (provider, key) => provider.GetRequiredKeyedService<NpgsqlDataSource>(key).CreateConnection());
            services.AddKeyedTransient<DbConnection>(serviceKey, (provider, key) => provider.GetRequiredKeyedService<NpgsqlConnection>(key));
        }

        if (!settings.DisableTracing)
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(NpgsqlTelemetryName));
        }

        if (!settings.DisableMetrics)
        {
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(NpgsqlTelemetryName));
        }

        if (!settings.DisableHealthChecks)
        {
            services.TryAddHealthCheck(new HealthCheckRegistration(
                serviceKey is null ? HealthCheckName : $"{HealthCheckName}_{serviceKey}",
                provider => new NpgsqlHealthCheck(serviceKey is null
                    ? provider.GetRequiredService<NpgsqlDataSource>()
                    : provider.GetRequiredKeyedService<NpgsqlDataSource>(serviceKey)),
                failureStatus: null,
                tags: null));
        }
    }
}
