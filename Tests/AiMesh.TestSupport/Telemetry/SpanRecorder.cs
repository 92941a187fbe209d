using System.Collections.Concurrent;
using System.Diagnostics;

namespace AiMesh.Tests.Telemetry;

/// <summary>
/// Records every span the named activity sources stop while it lives, whatever the sampler says.
/// Listeners are process-wide, so spans of tests running in parallel come too: filter by trace.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;

    public SpanRecorder(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public void Dispose() => _listener.Dispose();
}
