using System.Globalization;
using AiMesh.ServiceDefaults.Health;
using AiMesh.ServiceDefaults.Hosting;
using AiMesh.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every AiMesh service starts from, in the shape of the Aspire 13 ServiceDefaults template:
/// <c>builder.AddServiceDefaults();</c> before <c>Build()</c>, <c>app.MapDefaultEndpoints();</c> after.
/// OpenTelemetry, service discovery and the standard resilience handler are the real packages; what is
/// AiMesh's own is the <c>AiMesh.*</c> meters and activity sources and the <see cref="ServiceInstance"/>.
/// </summary>
public static class Extensions
{
    /// <summary>
    /// Where a service's configuration tunes the standard resilience handler of all its clients
    /// (<c>HttpStandardResilienceOptions</c>: <c>Retry:MaxRetryAttempts</c>, <c>TotalRequestTimeout:Timeout</c>…).
    /// </summary>
    public const string HttpClientResilienceSection = "HttpClientDefaults:Resilience";

    /// <summary>
    /// How many new traces a second a service keeps at most (<see cref="RateLimitedSampler"/>); unset,
    /// <see cref="DefaultMaxTracesPerSecond"/>. <c>OTEL_TRACES_SAMPLER</c>, when set, replaces this sampler.
    /// </summary>
    public const string MaxTracesPerSecondKey = "AiMesh:Telemetry:MaxTracesPerSecond";

    /// <summary>
    /// Every trace of a person or a test using the app, and a steady sample under load: at thousands of
    /// texts a second, exporting a dozen spans per text would cost more CPU than handling the texts.
    /// </summary>
    public const double DefaultMaxTracesPerSecond = 10;

    /// <summary>
    /// Telemetry, health checks, service discovery, and HTTP clients that discover their target and
    /// carry the standard resilience handler. Calling it twice changes nothing the second time.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.AddBasicServiceDefaults();
        if (builder.Services.Any(service => service.ServiceType == typeof(HttpClientDefaultsMarker)))
        {
            // A second call would put a second resilience handler around every client.
            return builder;
        }

        builder.Services.AddSingleton<HttpClientDefaultsMarker>();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // The first handler added is the outermost: each retry goes through discovery again and
            // so may land on another replica.
            http.AddStandardResilienceHandler().Configure(BindResilienceSection);
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Telemetry, health checks and the <see cref="ServiceInstance"/> identity, without the HTTP client
    /// defaults: for workers that make no HTTP calls of their own.
    /// </summary>
    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        if (builder.Services.Any(service => service.ServiceType == typeof(BasicDefaultsMarker)))
        {
            return builder;
        }

        builder.Services.AddSingleton<BasicDefaultsMarker>();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.TryAddSingleton(ServiceInstance.FromConfiguration(builder.Configuration, builder.Environment.ApplicationName));

        return builder;
    }

    /// <summary>
    /// Logs with formatted message and scopes; metrics of ASP.NET Core, HttpClient, the runtime and every
    /// <c>AiMesh.*</c> meter; traces of ASP.NET Core (without <c>/health</c> and <c>/alive</c>), HttpClient,
    /// every <c>AiMesh.*</c> source and the application's own. OTLP export is on when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        var applicationName = builder.Environment.ApplicationName;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            // Without an AppHost, service.name falls back to the application name rather than
            // "unknown_service"; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the AppHost's
            // service.instance.id) are read afterwards and win.
            .ConfigureResource(resource => resource
                .Clear()
                .AddService(applicationName)
                .AddTelemetrySdk()
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(AiMeshTelemetry.NamePattern, applicationName))
            .WithTracing(tracing => tracing
                .ConfigureSampler(builder.Configuration)
                .AddSource(AiMeshTelemetry.NamePattern, applicationName)
                .AddAspNetCoreInstrumentation(aspNetCore =>
                    // Health probes every few seconds would bury the traces people look for.
                    aspNetCore.Filter = context => !HealthEndpoints.IsHealthPath(context.Request.Path))
                .AddHttpClientInstrumentation());

        builder.AddOpenTelemetryExporters();

        return builder;
    }

    /// <summary>
    /// The <c>self</c> check, tagged <c>live</c>: healthy whenever the process can answer.
    /// </summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Once, however often it is called: two checks of one name fail every health request.
        builder.Services.TryAddHealthCheck(new HealthCheckRegistration(
            HealthEndpoints.SelfCheckName,
            _ => SelfHealthCheck.Instance,
            failureStatus: null,
            tags: [HealthEndpoints.LiveTag]));

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check) and <c>/alive</c> (checks tagged <c>live</c>).
    /// </summary>
    /// <remarks>
    /// Deliberately unlike the template, which maps these only in Development (microsoft/aspire#3109):
    /// the AppHost's health checks and <c>WaitFor</c> need <c>/health</c> in every environment. They
    /// reveal only the overall status, never check details or exceptions.
    /// </remarks>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapHealthChecks(HealthEndpoints.HealthPath);
        app.MapHealthChecks(HealthEndpoints.AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(HealthEndpoints.LiveTag),
        });

        return app;
    }

    /// <summary>
    /// Applies <see cref="HttpClientResilienceSection"/> to a standard resilience handler's options, when
    /// configuration has it. (The handler's own section overload refuses a section that does not exist,
    /// and most services never set one.)
    /// </summary>
    public static void BindResilienceSection(HttpStandardResilienceOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);

        services.GetRequiredService<IConfiguration>().GetSection(HttpClientResilienceSection).Bind(options);
    }

    /// <summary>
    /// A parent-based <see cref="RateLimitedSampler"/>, unless <c>OTEL_TRACES_SAMPLER</c> names a standard
    /// sampler, which the SDK then reads itself.
    /// </summary>
    private static TracerProviderBuilder ConfigureSampler(this TracerProviderBuilder tracing, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_TRACES_SAMPLER"]))
        {
            return tracing;
        }

        var configured = configuration[MaxTracesPerSecondKey];
        var tracesPerSecond = string.IsNullOrWhiteSpace(configured)
            ? DefaultMaxTracesPerSecond
            : double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidOperationException($"{MaxTracesPerSecondKey} must be a number above 0; it is '{configured}'.");
        return tracing.SetSampler(new ParentBasedSampler(new RateLimitedSampler(tracesPerSecond)));
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // The exporter reads OTEL_EXPORTER_OTLP_PROTOCOL and _HEADERS itself.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Healthy whenever the process can answer at all.</summary>
    private sealed class SelfHealthCheck : IHealthCheck
    {
        public static readonly SelfHealthCheck Instance = new();

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy());
    }

    private sealed class BasicDefaultsMarker;

    private sealed class HttpClientDefaultsMarker;
}
