using System.Collections.Concurrent;
using AiMesh.Inference.Caching;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// An answer store in memory that the test takes away and brings back (<see cref="Available"/>),
/// counting every call that reaches it. Unavailable, it fails at once, like a Redis that refuses.
/// </summary>
internal sealed class FakeAnswerStore : IAnswerStore
{
    private readonly ConcurrentDictionary<string, CachedAnswer> _answers = new();
    private volatile bool _available = true;
    private int _gets;
    private int _sets;
    private int _pings;

    public bool Available
    {
        get => _available;
        set => _available = value;
    }

    public int Gets => Volatile.Read(ref _gets);

    public int Sets => Volatile.Read(ref _sets);

    public int Pings => Volatile.Read(ref _pings);

    public Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _gets);
        return Answer(() => _answers.GetValueOrDefault(key), cancellationToken);
    }

    public Task SetAsync(string key, CachedAnswer answer, TimeSpan ttl, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sets);
        return Answer(() => _answers[key] = answer, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pings);
        return Answer(() => true, cancellationToken);
    }

    private Task<T> Answer<T>(Func<T> serve, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        return _available
            ? Task.FromResult(serve())
            : Task.FromException<T>(new CacheUnavailableException("connection refused", new IOException("connection refused")));
    }
}
