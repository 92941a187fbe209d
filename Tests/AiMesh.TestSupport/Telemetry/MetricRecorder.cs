using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AiMesh.Tests.Telemetry;

/// <summary>
/// Records the measurements of the meters one <see cref="IMeterFactory"/> created, so tests running in
/// parallel (each with its own container) never see each other's numbers.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricRecorder(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    /// <summary>The sum of <paramref name="instrument"/>'s measurements whose tag <paramref name="tag"/> has <paramref name="value"/> (any, when null).</summary>
    public double Sum(string instrument, string? tag = null, object? value = null) =>
        Measurements
            .Where(measurement => measurement.Instrument == instrument)
            .Where(measurement => tag is null || Equals(measurement.Tags.GetValueOrDefault(tag), value))
            .Sum(measurement => measurement.Value);

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value)));

    public sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);
}
