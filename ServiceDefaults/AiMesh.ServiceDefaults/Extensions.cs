using AiMesh.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every AiMesh service starts from, in the shape of Aspire's ServiceDefaults template:
/// <c>builder.AddServiceDefaults();</c> before <c>Build()</c>, <c>app.MapDefaultEndpoints();</c> after.
/// Each concern lives in its own folder; this file only says which ones a service gets.
/// </summary>
public static class Extensions
{
    /// <summary>
    /// Telemetry, health checks, service discovery and resilient, discovering HTTP clients.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.AddBasicServiceDefaults();
        if (builder.Services.Any(service => service.ServiceType == typeof(HttpClientDefaultsMarker)))
        {
            // Called twice: the HTTP handlers are already in place and must not wrap each other.
            return builder;
        }

        builder.Services.AddSingleton<HttpClientDefaultsMarker>();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Order matters: the first handler added is the outermost. Resilience wraps discovery,
            // so every retry goes through discovery again and lands on the next replica.
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Telemetry, health checks and the <see cref="ServiceInstance"/> identity only: for workers that
    /// make no HTTP calls of their own.
    /// </summary>
    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.TryAddSingleton(ServiceInstance.FromConfiguration(builder.Configuration, builder.Environment.ApplicationName));

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check) and <c>/alive</c> (checks tagged <c>live</c>).
    /// </summary>
    /// <remarks>
    /// Deliberate deviation from Aspire, which maps these only in Development (microsoft/aspire#3109):
    /// the AiMesh AppHost waits on <c>/health</c> in every mode, so they are mapped in every environment.
    /// They reveal only check names and statuses, never exception details.
    /// </remarks>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapDefaultHealthEndpoints();

        return app;
    }

    private sealed class HttpClientDefaultsMarker;
}
