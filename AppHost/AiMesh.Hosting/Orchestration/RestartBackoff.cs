namespace AiMesh.Hosting.Orchestration;

/// <summary>
/// Delay before restarting a replica that exited: doubles on every crash, back to the start once a
/// run reached Healthy, so a crash loop slows down but a one-off crash restarts fast.
/// </summary>
internal sealed class RestartBackoff(TimeSpan initial, TimeSpan maximum)
{
    private TimeSpan? _next;

    public TimeSpan Next(bool lastRunWasHealthy)
    {
        if (lastRunWasHealthy || _next is null)
        {
            _next = initial;
        }

        var delay = _next.Value;
        _next = TimeSpan.FromTicks(Math.Min(maximum.Ticks, delay.Ticks * 2));
        return delay;
    }
}
