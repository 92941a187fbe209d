using System.Diagnostics.Metrics;
using AiMesh.Ingest.Backpressure;
using AiMesh.ServiceDefaults.Telemetry;

namespace AiMesh.Ingest.Telemetry;

/// <summary>
/// The <c>AiMesh.Ingest</c> meter: how far the pipeline lags behind the front door, by <c>stage</c>
/// (<c>inference</c>, <c>results</c>), and how many texts were refused for it.
/// </summary>
internal sealed class IngestMetrics
{
    /// <summary>The meter's name; the service defaults collect every <c>AiMesh.*</c> meter.</summary>
    public static readonly string MeterName = AiMeshTelemetry.SourceName("Ingest");

    /// <summary>The name of the lag gauge.</summary>
    public const string PipelineLagName = "aimesh.ingest.pipeline.lag";

    /// <summary>The name of the refusal counter.</summary>
    public const string RefusedName = "aimesh.ingest.backpressure.refused";

    /// <summary>The tag naming the pipeline stage of a lag measurement.</summary>
    public const string StageTag = "stage";

    private readonly Meter _meter;
    private readonly Counter<long> _refused;
    private int _observing;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        _meter = meterFactory.Create(MeterName);
        _refused = _meter.CreateCounter<long>(
            RefusedName, "{text}", "Texts refused with 429 because the pipeline lagged more than Ingest:Backpressure:MaxLag behind.");
    }

    /// <summary>
    /// Publishes the lag gauge, read from <paramref name="backpressure"/>: one measurement a stage while the
    /// latest reading is current, none while the lag cannot be read. Once; later calls change nothing.
    /// </summary>
    public void ObservePipelineLag(PipelineBackpressure backpressure)
    {
        ArgumentNullException.ThrowIfNull(backpressure);
        if (Interlocked.Exchange(ref _observing, 1) == 1)
        {
            return;
        }

        _meter.CreateObservableGauge(
            PipelineLagName,
            () => Measure(backpressure.Current),
            "{message}",
            "Messages a pipeline stage's consumer group has not committed yet on its topic, as last read (every Ingest:Backpressure:CheckInterval).");
    }

    public void TextRefused() => _refused.Add(1);

    private static IEnumerable<Measurement<long>> Measure(PipelineLagState state) =>
        state is { Reading: { } reading, Unreadable: null }
            ? reading.Stages.Select(stage => new Measurement<long>(stage.Lag, new KeyValuePair<string, object?>(StageTag, stage.Stage.Name)))
            : [];
}
