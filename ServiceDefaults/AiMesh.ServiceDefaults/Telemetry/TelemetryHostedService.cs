using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace AiMesh.ServiceDefaults.Telemetry;

/// <summary>
/// Resolves the tracer, meter and logger providers when the host starts. They are lazy singletons: until
/// something asks for them nothing listens to ActivitySources or Meters. Disposal (and so the final flush
/// to the exporter) is left to the service provider, which disposes them when the host is disposed.
/// </summary>
internal sealed class TelemetryHostedService(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetService<TracerProvider>();
        _ = services.GetService<MeterProvider>();
        _ = services.GetService<LoggerProvider>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
