using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AiMesh.Results.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>Sums what one app records on the <c>AiMesh.Results</c> meter (other apps in the process are ignored).</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MetricRecorder(ResultsApp app)
    {
        var meterFactory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ResultsMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.Start();
    }

    public long Total(string instrument) => _totals.GetValueOrDefault(instrument);

    public void Dispose() => _listener.Dispose();
}
