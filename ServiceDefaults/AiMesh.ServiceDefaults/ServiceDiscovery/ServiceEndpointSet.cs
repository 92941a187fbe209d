namespace AiMesh.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// The replicas of one service endpoint, chosen round-robin per request. A replica that refused a
/// connection is skipped for a cool-down, unless every replica is cooling down.
/// </summary>
internal sealed class ServiceEndpointSet
{
    private readonly Uri[] _endpoints;
    private readonly long[] _coolingUntil;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cooldown;
    private int _next = -1;

    public ServiceEndpointSet(IReadOnlyList<Uri> endpoints, TimeProvider time, TimeSpan cooldown)
    {
        _endpoints = [.. endpoints];
        _coolingUntil = new long[_endpoints.Length];
        _time = time;
        _cooldown = cooldown;
    }

    public int Count => _endpoints.Length;

    public Uri this[int index] => _endpoints[index];

    /// <summary>The replica for a new request: the next one in turn that is not cooling down.</summary>
    public int SelectFirst()
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_endpoints.Length);
        return Select(start, tried: null);
    }

    /// <summary>The replica to try when <paramref name="after"/> refused within the same request (skipping <paramref name="tried"/>), or -1.</summary>
    public int SelectNext(int after, bool[] tried) => Select((after + 1) % _endpoints.Length, tried);

    public void MarkFailed(int index) =>
        Volatile.Write(ref _coolingUntil[index], _time.GetTimestamp() + (long)(_cooldown.TotalSeconds * _time.TimestampFrequency));

    private int Select(int start, bool[]? tried)
    {
        var now = _time.GetTimestamp();
        var fallback = -1;
        for (var offset = 0; offset < _endpoints.Length; offset++)
        {
            var index = (start + offset) % _endpoints.Length;
            if (tried is not null && tried[index])
            {
                continue;
            }

            if (Volatile.Read(ref _coolingUntil[index]) <= now)
            {
                return index;
            }

            if (fallback < 0)
            {
                fallback = index;
            }
        }

        return fallback;
    }
}
