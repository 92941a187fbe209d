using AiMesh.ServiceDefaults.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs with the plain SDK, the way Aspire's ServiceDefaults sets them up.
/// </summary>
public static class OpenTelemetryHostingExtensions
{
    /// <summary>
    /// Traces ASP.NET Core, HttpClient, every <c>AiMesh.*</c> source and the application's own source;
    /// collects the ASP.NET Core, Kestrel, HttpClient, runtime and <c>AiMesh.*</c> meters; sends logs with
    /// their formatted message and scopes. The OTLP exporter is on only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (it reads <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and
    /// <c>OTEL_EXPORTER_OTLP_HEADERS</c> itself). <c>service.name</c> is <c>OTEL_SERVICE_NAME</c>, else the
    /// application name; <c>OTEL_RESOURCE_ATTRIBUTES</c> (the AppHost's <c>service.instance.id</c>) applies.
    /// </summary>
    /// <remarks>
    /// Client integrations add their own sources (for example <c>Npgsql</c>) unless their settings disable
    /// tracing or metrics. More can be added anywhere with
    /// <c>services.ConfigureOpenTelemetryTracerProvider(t =&gt; t.AddSource("..."))</c>.
    /// </remarks>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        var applicationName = builder.Environment.ApplicationName;
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : applicationName;

        if (OpenTelemetryServiceBuilder.TryCreate(builder.Services) is not { } telemetry)
        {
            return builder;
        }

        // Later resource entries win: our service name and a generated instance id first, then the
        // OTEL_* variables, so the AppHost's service.instance.id is the one reported.
        telemetry.ConfigureResource(resource => resource
            .Clear()
            .AddService(serviceName)
            .AddTelemetrySdk()
            .AddEnvironmentVariableDetector());

        telemetry.WithLogging(
            configureBuilder: null,
            configureOptions: logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });

        telemetry.WithMetrics(metrics => metrics
            .AddMeter([.. AiMeshTelemetry.FrameworkMeters, AiMeshTelemetry.NamePattern, applicationName]));

        telemetry.WithTracing(tracing => tracing
            .AddSource([.. AiMeshTelemetry.FrameworkSources, AiMeshTelemetry.NamePattern, applicationName]));

        AspNetCoreTracing.Enable(builder.Services);

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
