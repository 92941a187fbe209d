using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Backpressure;

/// <summary>
/// Whether the pipeline has fallen too far behind for Ingest to take more texts, from the readings of
/// <see cref="PipelineLagMonitor"/>. Above <see cref="BackpressureOptions.MaxLag"/> texts are refused with
/// 429 until a reading is back at or below <see cref="BackpressureOptions.ResumeLagOrDefault"/>; the gap
/// between the two keeps the answer from flipping on every reading near the bound. Read on every
/// submission, so <see cref="Current"/> is a plain field read.
/// </summary>
internal sealed partial class PipelineBackpressure
{
    /// <summary>
    /// How far back the drain rate looks. Consumers commit every quarter second, so the lag moves in steps;
    /// a few seconds of readings smooth them out and still follow a change of pace.
    /// </summary>
    public static readonly TimeSpan DrainWindow = TimeSpan.FromSeconds(5);

    /// <summary>A lag that cannot be read is logged at most this often, with how many readings failed since.</summary>
    public static readonly TimeSpan UnreadableLogInterval = TimeSpan.FromMinutes(1);

    // Readings less than a second apart span too few commits to give a drain rate.
    private static readonly TimeSpan s_shortestDrainSpan = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Queue<(long Timestamp, long Lag)> _recent = new();
    private readonly TimeProvider _time;
    private readonly ILogger<PipelineBackpressure> _logger;
    private readonly long _maxLag;
    private readonly long _resumeLag;
    private volatile PipelineLagState _state;
    private long? _unreadableLoggedAt;
    private int _unreadableSinceLog;
    private long _behindSince;

    public PipelineBackpressure(IOptions<BackpressureOptions> options, TimeProvider time, ILogger<PipelineBackpressure> logger)
    {
        ArgumentNullException.ThrowIfNull(options);

        _time = time;
        _logger = logger;
        _maxLag = options.Value.MaxLag;
        _resumeLag = options.Value.ResumeLagOrDefault;
        _state = new PipelineLagState(null, "The lag has not been read yet.", Behind: false, DrainPerSecond: null, _maxLag, _resumeLag);
    }

    /// <summary>The latest state; what a submission checks.</summary>
    public PipelineLagState Current => _state;

    /// <summary>A new reading: it decides whether texts are refused, and how fast the lag drains.</summary>
    public void OnRead(PipelineLagReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);

        PipelineLagState before;
        PipelineLagState after;
        bool readableAgain;
        TimeSpan behindFor = TimeSpan.Zero;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            before = _state;
            var behind = reading.Total > _maxLag || (before.Behind && reading.Total > _resumeLag);
            after = new PipelineLagState(reading, Unreadable: null, behind, DrainPerSecond(now, reading.Total), _maxLag, _resumeLag);
            _state = after;

            if (behind && !before.Behind)
            {
                _behindSince = now;
            }
            else if (!behind && before.Behind)
            {
                behindFor = _time.GetElapsedTime(_behindSince, now);
            }

            readableAgain = _unreadableLoggedAt is not null;
            _unreadableLoggedAt = null;
            _unreadableSinceLog = 0;
        }

        if (readableAgain)
        {
            LogReadableAgain(_logger, reading.Total);
        }

        if (after.Behind && !before.Behind)
        {
            LogBehind(_logger, reading.Total, Describe(reading), _maxLag, _resumeLag);
        }
        else if (!after.Behind && before.Behind)
        {
            LogCaughtUp(_logger, reading.Total, _resumeLag, behindFor);
        }
    }

    /// <summary>
    /// The lag could not be read: texts are not refused for that (see <see cref="PipelineLagState.RefusesTexts"/>),
    /// and the last reading stays visible. Logged at most every <see cref="UnreadableLogInterval"/>, and not
    /// at all when <paramref name="reportedElsewhere"/> (an unreachable Kafka is KafkaAvailability's to log).
    /// </summary>
    public void OnUnreadable(string reason, bool reportedElsewhere)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);

        var failuresToLog = 0;
        lock (_lock)
        {
            _state = _state with { Unreadable = reason };
            if (reportedElsewhere)
            {
                return;
            }

            var now = _time.GetTimestamp();
            _unreadableSinceLog++;
            if (_unreadableLoggedAt is not { } loggedAt || _time.GetElapsedTime(loggedAt, now) >= UnreadableLogInterval)
            {
                failuresToLog = _unreadableSinceLog;
                _unreadableLoggedAt = now;
                _unreadableSinceLog = 0;
            }
        }

        if (failuresToLog > 0)
        {
            LogUnreadable(_logger, reason, failuresToLog, UnreadableLogInterval);
        }
    }

    private double? DrainPerSecond(long now, long lag)
    {
        _recent.Enqueue((now, lag));
        while (_recent.Count > 1 && _time.GetElapsedTime(_recent.Peek().Timestamp, now) > DrainWindow)
        {
            _recent.Dequeue();
        }

        var (oldestAt, oldestLag) = _recent.Peek();
        var span = _time.GetElapsedTime(oldestAt, now);
        return span >= s_shortestDrainSpan ? (oldestLag - lag) / span.TotalSeconds : null;
    }

    private static string Describe(PipelineLagReading reading) =>
        string.Join(", ", reading.Stages.Select(stage => $"{stage.Stage.Name} {stage.Lag} on {stage.Stage.Topic}"));

    [LoggerMessage(1, LogLevel.Warning, "The pipeline is {Lag} messages behind ({Stages}), over the bound of {MaxLag}: texts are refused with 429 until it is back to {ResumeLag}.")]
    private static partial void LogBehind(ILogger logger, long lag, string stages, long maxLag, long resumeLag);

    [LoggerMessage(2, LogLevel.Information, "The pipeline has caught up to {Lag} messages behind (resume level {ResumeLag}) after refusing texts for {Duration}: texts are accepted again.")]
    private static partial void LogCaughtUp(ILogger logger, long lag, long resumeLag, TimeSpan duration);

    [LoggerMessage(3, LogLevel.Warning, "The pipeline's lag cannot be read ({Failures} failed readings, logged at most every {Interval}): {Reason} Texts are not refused for that.")]
    private static partial void LogUnreadable(ILogger logger, string reason, int failures, TimeSpan interval);

    [LoggerMessage(4, LogLevel.Information, "The pipeline's lag can be read again: {Lag} messages behind.")]
    private static partial void LogReadableAgain(ILogger logger, long lag);
}
