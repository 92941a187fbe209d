namespace AiMesh.Ingest.Backpressure;

/// <summary>One moment of <see cref="PipelineBackpressure"/>, read as a whole.</summary>
/// <param name="Reading">The latest lag that could be read; null until one could.</param>
/// <param name="Unreadable">Why the latest attempt to read the lag failed; null when <paramref name="Reading"/> is the latest.</param>
/// <param name="Behind">
/// The last reading went above <paramref name="MaxLag"/>, and none since has come down to
/// <paramref name="ResumeLag"/>.
/// </param>
/// <param name="DrainPerSecond">How fast the lag has been shrinking lately, in messages a second; null when not known.</param>
/// <param name="MaxLag">The bound above which texts are refused.</param>
/// <param name="ResumeLag">The level at or below which texts are accepted again.</param>
internal sealed record PipelineLagState(
    PipelineLagReading? Reading,
    string? Unreadable,
    bool Behind,
    double? DrainPerSecond,
    long MaxLag,
    long ResumeLag)
{
    /// <summary>The shortest Retry-After of a refused text: HTTP counts in whole seconds.</summary>
    public static readonly TimeSpan ShortestRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After: a client told to wait longer would miss a pipeline that caught up sooner than it drained so far.</summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>The Retry-After while the lag is not seen shrinking (consumers stopped, or not enough readings yet).</summary>
    public static readonly TimeSpan RetryAfterWithoutDrain = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether <c>POST /api/subscribe</c> refuses texts now: only on a current reading. A lag that cannot be
    /// read refuses nothing: an unreachable Kafka is <c>KafkaAvailability</c>'s to answer, and anything else
    /// is no reason to turn texts away.
    /// </summary>
    public bool RefusesTexts => Behind && Unreadable is null && Reading is not null;

    /// <summary>
    /// How long a refused client should wait: the time the lag takes to come down to
    /// <see cref="ResumeLag"/> at the rate it has been draining, between <see cref="ShortestRetryAfter"/> and
    /// <see cref="LongestRetryAfter"/>.
    /// </summary>
    public TimeSpan RetryAfter
    {
        get
        {
            if (Reading is null || DrainPerSecond is not > 0)
            {
                return RetryAfterWithoutDrain;
            }

            var seconds = Math.Ceiling(Math.Max(0, Reading.Total - ResumeLag) / DrainPerSecond.Value);
            return TimeSpan.FromSeconds(Math.Clamp(seconds, ShortestRetryAfter.TotalSeconds, LongestRetryAfter.TotalSeconds));
        }
    }
}
