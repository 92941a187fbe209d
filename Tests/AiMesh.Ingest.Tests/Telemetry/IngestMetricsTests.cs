using System.Diagnostics.Metrics;
using AiMesh.Contracts;
using AiMesh.Ingest.Telemetry;
using AiMesh.Ingest.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ingest.Tests.Telemetry;

public sealed class IngestMetricsTests
{
    [Fact]
    public async Task ThePipelineLagGaugeReportsEachStageByItsStageTag()
    {
        await using var ingest = new IngestWithKafka { Settings = new Dictionary<string, string?> { ["Ingest:Backpressure:CheckInterval"] = "00:00:00.100" } };
        await ingest.InitializeAsync();
        using var topics = new PipelineTopics(ingest.BootstrapServers);
        topics.Produce(Topics.Data, partitions: 4, perPartition: 5);
        topics.Produce(Topics.Results, partitions: 4, perPartition: 3);
        using var gauge = new LagGauge(ingest.App.Services.GetRequiredService<IMeterFactory>());

        await AsyncTestHelpers.WaitUntilAsync(() =>
        {
            var lags = gauge.Read();
            return lags.GetValueOrDefault("inference") == 20 && lags.GetValueOrDefault("results") == 12;
        });

        Assert.Equal(["inference", "results"], gauge.Read().Keys.Order());
    }

    [Fact]
    public async Task ThePipelineLagGaugeReportsNothingWhileTheLagCannotBeRead()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}", new Dictionary<string, string?> { ["Ingest:Backpressure:CheckInterval"] = "00:00:00.100" });
        using var gauge = new LagGauge(app.Services.GetRequiredService<IMeterFactory>());
        var backpressure = app.Services.GetRequiredService<AiMesh.Ingest.Backpressure.PipelineBackpressure>();

        await AsyncTestHelpers.WaitUntilAsync(() => backpressure.Current.Unreadable is not null && gauge.Published);

        Assert.Empty(gauge.Read());
    }

    /// <summary>Reads the lag gauge of one Ingest (the meters its own factory made) on demand, by stage.</summary>
    private sealed class LagGauge : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _lags = [];

        public LagGauge(IMeterFactory meterFactory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == IngestMetrics.PipelineLagName)
                {
                    Published = true;
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == IngestMetrics.StageTag)
                    {
                        _lags[(string)tag.Value!] = value;
                    }
                }
            });
            _listener.Start();
        }

        public bool Published { get; private set; }

        public Dictionary<string, long> Read()
        {
            lock (_lags)
            {
                _lags.Clear();
                _listener.RecordObservableInstruments();
                return new Dictionary<string, long>(_lags);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
