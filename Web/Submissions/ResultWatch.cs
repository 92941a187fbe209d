using AiMesh.Contracts;
using AiMesh.Web.Clients;
using AiMesh.Web.Feed;

namespace AiMesh.Web.Submissions;

/// <summary>
/// Catches the result of one submission. Start it BEFORE posting the text: a fast pipeline can deliver
/// the result before Ingest's answer reaches the page, so every result seen until the id is known is
/// kept. <see cref="WaitForAsync"/> then finds the result in what was kept, in the feed, as it arrives,
/// or, should the feed have missed it (reconnecting, overloaded), from Results' HTTP API.
/// </summary>
public sealed partial class ResultWatch : IDisposable
{
    // Results arrive for everyone while one POST is in flight; past this many the fallback has to do.
    private const int MaxKeptUnclaimed = 10_000;

    private readonly ResultsFeed _feed;
    private readonly ResultsClient _results;
    private readonly ResultWaitOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Dictionary<Guid, InferenceResult>? _unclaimed = [];
    private Guid _awaitedId;
    private TaskCompletionSource<InferenceResult>? _arrival;

    public ResultWatch(ResultsFeed feed, ResultsClient results, ResultWaitOptions options, ILogger logger)
    {
        _feed = feed;
        _results = results;
        _options = options;
        _logger = logger;
        _feed.ResultReceived += OnResult;
    }

    /// <summary>The result for <paramref name="id"/>, which Ingest just accepted. Call once per watch.</summary>
    public async Task<InferenceResult> WaitForAsync(Guid id, CancellationToken cancellationToken)
    {
        Task<InferenceResult> arrival;
        lock (_lock)
        {
            if (_arrival is not null)
            {
                throw new InvalidOperationException("A watch waits for one id; start a new watch for the next submission.");
            }

            var seen = _unclaimed?.GetValueOrDefault(id);
            _unclaimed = null;
            _awaitedId = id;
            _arrival = new TaskCompletionSource<InferenceResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            if ((seen ?? _feed.Find(id)) is { } known)
            {
                return known;
            }

            arrival = _arrival.Task;
        }

        var interval = _options.FallbackDelay;
        while (true)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var delay = Task.Delay(interval, wait.Token);
                if (await Task.WhenAny(arrival, delay).ConfigureAwait(false) == arrival)
                {
                    await wait.CancelAsync().ConfigureAwait(false);
                    return await arrival.ConfigureAwait(false);
                }

                await delay.ConfigureAwait(false);
            }

            if (await LookUpAsync(id, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            interval = interval * 2 < _options.MaxFallbackInterval ? interval * 2 : _options.MaxFallbackInterval;
        }
    }

    /// <summary>Stops watching; a pending <see cref="WaitForAsync"/> is cancelled.</summary>
    public void Dispose()
    {
        _feed.ResultReceived -= OnResult;
        lock (_lock)
        {
            _arrival?.TrySetCanceled();
            _unclaimed = null;
        }
    }

    private void OnResult(InferenceResult result)
    {
        lock (_lock)
        {
            if (_arrival is null)
            {
                if (_unclaimed is { Count: < MaxKeptUnclaimed })
                {
                    _unclaimed.TryAdd(result.Id, result);
                }
            }
            else if (result.Id == _awaitedId)
            {
                _arrival.TrySetResult(result);
            }
        }
    }

    private async Task<InferenceResult?> LookUpAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await _results.FindAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Results may be restarting; the feed may still deliver, and the next ask comes later.
            LogLookupFailed(_logger, id, exception.Message);
            return null;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not ask Results for the result of {Id}: {Reason}")]
    private static partial void LogLookupFailed(ILogger logger, Guid id, string reason);
}
