using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.AiModels;

/// <summary>
/// Ai's model list, kept for <see cref="IngestOptions.ModelListCacheDuration"/> after Ai answered, so a
/// burst of submissions naming a model asks Ai once. Requests that arrive while Ai is being asked wait
/// for that one answer. A failure is never kept: the next request asks Ai again.
/// </summary>
internal sealed partial class ModelListCache(
    AiModelsClient ai,
    IOptions<IngestOptions> options,
    TimeProvider time,
    ILogger<ModelListCache> logger)
{
    /// <summary>
    /// What a 503 for want of Ai's list tells the client to wait. Short: nothing of the failure is kept,
    /// so the very next request asks Ai afresh, and Ai's replicas come back within moments.
    /// </summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _duration = options.Value.ModelListCacheDuration;
    private readonly Lock _gate = new();

    // The latest ask: in flight, answered (kept while fresh), or failed (asked again by the next request).
    private Task<Answer>? _latest;

    /// <summary>
    /// Ai's list, from the cache while it is fresh. <see cref="AiModelListUnavailableException"/> when Ai
    /// cannot be asked; <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// ends the wait (the ask itself goes on for the others waiting on it).
    /// </summary>
    public async Task<AiModelList> GetAsync(CancellationToken cancellationToken)
    {
        Task<Answer> ask;
        lock (_gate)
        {
            if (_latest is null || !IsUsable(_latest))
            {
                // Queued, not started here: even the synchronous start of an HTTP call has no place under the lock.
                _latest = Task.Run(AskAiAsync, CancellationToken.None);

                // Everyone waiting may have left before a failure: it is logged, and concerns no one else.
                _ = _latest.ContinueWith(static failed => failed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            ask = _latest;
        }

        var answer = await ask.WaitAsync(cancellationToken).ConfigureAwait(false);
        return answer.List;
    }

    private bool IsUsable(Task<Answer> ask) =>
        !ask.IsCompleted || (ask.IsCompletedSuccessfully && time.GetElapsedTime(ask.Result.AnsweredAt) < _duration);

    private async Task<Answer> AskAiAsync()
    {
        try
        {
            // Shared by every request waiting on it, so no one request's cancellation may end it; the
            // resilience handler's total timeout bounds it.
            var list = await ai.GetModelListAsync(CancellationToken.None).ConfigureAwait(false);
            return new Answer(list, time.GetTimestamp());
        }
        catch (AiModelListUnavailableException exception)
        {
            LogAiUnavailable(logger, exception.Message);
            throw;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Ai's model list could not be had: {Reason}")]
    private static partial void LogAiUnavailable(ILogger logger, string reason);

    /// <summary>A list Ai sent, and when (a <see cref="TimeProvider"/> timestamp).</summary>
    private sealed record Answer(AiModelList List, long AnsweredAt);
}
