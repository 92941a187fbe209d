namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>Reads the <c>Retry-After</c> header, as a number of seconds or as a date.</summary>
internal static class RetryAfter
{
    public static bool TryGetDelay(HttpResponseMessage? response, TimeProvider time, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            delay = delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            return true;
        }

        if (retryAfter?.Date is { } date)
        {
            var untilThen = date - time.GetUtcNow();
            delay = untilThen < TimeSpan.Zero ? TimeSpan.Zero : untilThen;
            return true;
        }

        return false;
    }
}
