using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace AiMesh.ServiceDefaults.Telemetry;

/// <summary>
/// Our stand-in for <c>services.AddOpenTelemetry()</c> from OpenTelemetry.Extensions.Hosting, which the
/// project's registry does not have. The core SDK already knows how to build tracer, meter and logger
/// providers inside an <see cref="IServiceCollection"/> (its <c>WithTracing</c>, <c>WithMetrics</c>,
/// <c>WithLogging</c> and <c>UseOtlpExporter</c> extend <see cref="IOpenTelemetryBuilder"/>); what the
/// hosting package adds is this builder and a hosted service that creates the providers when the host
/// starts. The providers are DI singletons, so disposing the host flushes and shuts them down.
/// </summary>
internal sealed class OpenTelemetryServiceBuilder : IOpenTelemetryBuilder
{
    private OpenTelemetryServiceBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>
    /// The builder over <paramref name="services"/>, or null when telemetry was already set up there
    /// (so calling the defaults twice does not register every exporter twice).
    /// </summary>
    public static IOpenTelemetryBuilder? TryCreate(IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ImplementationType == typeof(TelemetryHostedService)))
        {
            return null;
        }

        // First in the collection, as the hosting package does, so the providers exist (and listen)
        // before any other hosted service starts doing work worth tracing.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, TelemetryHostedService>());
        return new OpenTelemetryServiceBuilder(services);
    }
}
