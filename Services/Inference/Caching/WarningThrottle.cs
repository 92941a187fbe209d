namespace AiMesh.Inference.Caching;

/// <summary>
/// Lets a repeating warning through at most once per interval and counts the ones it holds back, so an
/// outage that affects every message is logged every few seconds rather than once per message.
/// </summary>
internal sealed class WarningThrottle(TimeSpan interval, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastLogged;
    private int _suppressed;
    private bool _failing;

    /// <summary>
    /// Records one occurrence; true when it should be logged, with how many were held back since the
    /// last one that was.
    /// </summary>
    public bool ShouldLog(out int suppressed)
    {
        lock (_gate)
        {
            _failing = true;
            var now = timeProvider.GetUtcNow();
            if (_lastLogged is { } last && now - last < interval)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _lastLogged = now;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }

    /// <summary>
    /// Records a success; true for the first one after a run of occurrences, so the recovery can be
    /// logged once, and the next failure is logged at once again.
    /// </summary>
    public bool Recovered()
    {
        if (!Volatile.Read(ref _failing))
        {
            return false;
        }

        lock (_gate)
        {
            if (!_failing)
            {
                return false;
            }

            _failing = false;
            _lastLogged = null;
            _suppressed = 0;
            return true;
        }
    }
}
