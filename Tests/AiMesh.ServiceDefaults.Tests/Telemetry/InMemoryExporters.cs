using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;

namespace AiMesh.ServiceDefaults.Tests.Telemetry;

internal sealed class InMemoryActivityExporter : BaseExporter<Activity>
{
    public ConcurrentQueue<Activity> Activities { get; } = new();

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
        {
            Activities.Enqueue(activity);
        }

        return ExportResult.Success;
    }
}

internal sealed class MetricNameExporter : BaseExporter<Metric>
{
    public ConcurrentDictionary<string, string> Names { get; } = new();

    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            Names[metric.Name] = metric.MeterName;
        }

        return ExportResult.Success;
    }
}

/// <summary>Log records are pooled and reused after export, so only copies are kept.</summary>
internal sealed class LogCopyExporter : BaseExporter<LogRecord>
{
    public ConcurrentQueue<(string? Message, string? FormattedMessage, List<object?> Scopes)> Records { get; } = new();

    public override ExportResult Export(in Batch<LogRecord> batch)
    {
        foreach (var record in batch)
        {
            var scopes = new List<object?>();
            record.ForEachScope<object?>((scope, _) => scopes.Add(scope.Scope), null);
            Records.Enqueue((record.Body, record.FormattedMessage, scopes));
        }

        return ExportResult.Success;
    }
}
