using System.Diagnostics;
using System.Threading.Channels;
using AiMesh.Contracts;
using AiMesh.Inference.Caching;
using AiMesh.Inference.Telemetry;
using AiMesh.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;

namespace AiMesh.Inference.Ai;

/// <summary>
/// Built-in model predictions, asked for one text at a time by many messages at once and sent to the Ai
/// service together: the texts waiting for one model are gathered for at most
/// <see cref="InferenceOptions.AiBatchWindow"/> from the first of them, or until
/// <see cref="InferenceOptions.AiMaxBatchSize"/> are waiting, and go as one <c>POST /api/infer/batch</c>.
/// Up to <see cref="InferenceOptions.AiBatchesInFlight"/> batches wait for the Ai service at once; while
/// all do, texts keep gathering, so the busier the replica, the fuller its batches.
/// </summary>
/// <remarks>
/// <para>
/// Each text ends as <see cref="AiClient.InferAsync"/> would have ended it: its prediction, or
/// <see cref="AiUnavailableException"/> when the batch got no answer. A batch the Ai service refuses
/// (<see cref="AiRequestRejectedException"/>: one bad text, or the batch over <c>Ai:MaxBatchSize</c>) is
/// asked again one text at a time through <c>/api/infer</c>, so only a text refused on its own is rejected.
/// A caller that cancels gets its cancellation at once; the batch goes on for the others.
/// </para>
/// <para>
/// Tracing: a text's own trace (its "data-topic process" span) stays whole around the wait. The batch's
/// "ai infer batch" span, parent of the HTTP call, is a child of its first text's span and links to the
/// others', so a text sent alone is one trace from Ingest to Ai to Results, and a text in a larger batch
/// leads to the batch through its link.
/// </para>
/// </remarks>
internal sealed partial class AiBatcher : IAsyncDisposable
{
    public const string BatchActivityName = "ai infer batch";

    public static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    private static readonly ActivitySource s_source = new(AiMeshTelemetry.SourceName("Inference"));

    private readonly AiClient _ai;
    private readonly InferenceMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AiBatcher> _logger;
    private readonly TimeSpan _window;
    private readonly int _maxBatchSize;
    private readonly Channel<WaitingText> _waiting = Channel.CreateUnbounded<WaitingText>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _batchPlaces;
    private readonly CancellationTokenSource _stopping = new();
    private readonly WarningThrottle _warnings;
    private readonly Task _gathering;

    public AiBatcher(AiClient ai, InferenceMetrics metrics, IOptions<InferenceOptions> options, TimeProvider timeProvider, ILogger<AiBatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);

        _ai = ai;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _window = options.Value.AiBatchWindow;
        _maxBatchSize = options.Value.AiMaxBatchSize;
        _batchPlaces = new SemaphoreSlim(options.Value.AiBatchesInFlight, options.Value.AiBatchesInFlight);
        _warnings = new WarningThrottle(WarningInterval, timeProvider);

        // The loop and the batches it sends must not inherit whichever activity resolved this singleton:
        // each batch starts a trace of its own.
        using (ExecutionContext.SuppressFlow())
        {
            _gathering = Task.Run(GatherLoopAsync);
        }
    }

    /// <summary>The prediction for <paramref name="request"/>'s text, asked for in a batch with others for the same model.</summary>
    /// <exception cref="AiUnavailableException">No answer: the batch's request failed, or the batcher is stopping.</exception>
    /// <exception cref="AiRequestRejectedException">The Ai service refused this text on its own.</exception>
    public Task<InferResponse> InferAsync(InferRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<InferResponse>(cancellationToken);
        }

        var text = new WaitingText(request, Activity.Current?.Context ?? default, _timeProvider.GetTimestamp(), cancellationToken);
        if (!_waiting.Writer.TryWrite(text))
        {
            text.Fail(new AiUnavailableException("The Ai service is not being asked any more: the worker is stopping."));
        }

        return text.Answer;
    }

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _gathering.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_waiting.Reader.TryRead(out var text))
        {
            text.Fail(new AiUnavailableException("The Ai service is not being asked any more: the worker is stopping."));
        }

        _stopping.Dispose();
    }

    private async Task GatherLoopAsync()
    {
        var reader = _waiting.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                await _batchPlaces.WaitAsync(_stopping.Token).ConfigureAwait(false);
                var texts = await GatherAsync(reader).ConfigureAwait(false);

                // A caller may have given up while its batch gathered: its text is not sent.
                texts.RemoveAll(text => text.Answer.IsCompleted);
                if (texts.Count == 0)
                {
                    _batchPlaces.Release();
                    continue;
                }

                // Usually one model; texts for others gathered in the same window go in batches of their own.
                var first = true;
                foreach (var batch in texts.GroupBy(text => text.Request.Model, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        await _batchPlaces.WaitAsync(_stopping.Token).ConfigureAwait(false);
                    }

                    first = false;
                    _ = SendAsync(batch.Key, [.. batch]);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed: what is still waiting is failed by DisposeAsync.
        }
    }

    /// <summary>
    /// Takes up to <see cref="InferenceOptions.AiMaxBatchSize"/> texts: those waiting now, then those that
    /// come before the window of the first one closes. Texts whose callers had gone when read are left out.
    /// </summary>
    private async Task<List<WaitingText>> GatherAsync(ChannelReader<WaitingText> reader)
    {
        List<WaitingText> batch = [];
        while (true)
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var text))
            {
                if (!text.Answer.IsCompleted)
                {
                    batch.Add(text);
                }
            }

            if (batch.Count == 0 || batch.Count >= _maxBatchSize)
            {
                return batch;
            }

            var left = _window - _timeProvider.GetElapsedTime(batch[0].WaitingSince);
            if (left <= TimeSpan.Zero)
            {
                return batch;
            }

            using var windowEnd = new CancellationTokenSource(left, _timeProvider);
            var more = reader.WaitToReadAsync(windowEnd.Token).AsTask();
            await ((Task)more).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!more.IsCompletedSuccessfully || !more.Result)
            {
                return batch;
            }
        }
    }

    private async Task SendAsync(string? model, List<WaitingText> texts)
    {
        try
        {
            using var activity = s_source.StartActivity(
                BatchActivityName,
                ActivityKind.Internal,
                parentContext: texts[0].Caller,
                tags: [new("aimesh.inference.model", model), new("aimesh.inference.batch.size", texts.Count)],
                links: [.. texts.Skip(1).Where(text => text.Caller != default).Select(text => new ActivityLink(text.Caller))]);
            _metrics.AiBatchSent(texts.Count);

            InferBatchResponse response;
            try
            {
                response = await _ai.InferBatchAsync(new InferBatchRequest([.. texts.Select(text => text.Request.Text)], model), _stopping.Token)
                    .ConfigureAwait(false);
            }
            catch (AiRequestRejectedException rejected)
            {
                activity?.AddEvent(new ActivityEvent("rejected; asking one text at a time"));
                if (_warnings.ShouldLog(out var suppressed))
                {
                    LogBatchRejected(_logger, texts.Count, model, rejected.Message, suppressed);
                }

                await Task.WhenAll(texts.Select(AskAloneAsync)).ConfigureAwait(false);
                return;
            }
            catch (AiUnavailableException unavailable)
            {
                activity?.SetStatus(ActivityStatusCode.Error, unavailable.Message);
                foreach (var text in texts)
                {
                    // One exception each: a text's failure is its own to log, retry and dead-letter.
                    text.Fail(new AiUnavailableException(unavailable.Message, unavailable));
                }

                return;
            }

            for (var i = 0; i < texts.Count; i++)
            {
                var prediction = response.Predictions[i];
                texts[i].Succeed(new InferResponse(prediction.Label, prediction.Score, response.Model, response.Instance, response.ModelVersion));
            }
        }
        catch (Exception exception)
        {
            // Stopping, or something no text should hang on: every text of the batch ends, one way or another.
            foreach (var text in texts)
            {
                text.Fail(_stopping.IsCancellationRequested
                    ? new AiUnavailableException("The Ai service is not being asked any more: the worker is stopping.", exception)
                    : exception);
            }
        }
        finally
        {
            _batchPlaces.Release();
        }
    }

    private async Task AskAloneAsync(WaitingText text)
    {
        try
        {
            text.Succeed(await _ai.InferAsync(text.Request, text.CallerCancellation).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            text.Fail(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The Ai service refused a batch of {Count} texts for model {Model} ({Reason}); asking it one text at a time. {Suppressed} more were refused since the last such warning.")]
    private static partial void LogBatchRejected(ILogger logger, int count, string? model, string reason, int suppressed);

    /// <summary>One caller's text, waiting for its batch and then for its prediction.</summary>
    private sealed class WaitingText
    {
        private readonly TaskCompletionSource<InferResponse> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _cancellation;

        public WaitingText(InferRequest request, ActivityContext caller, long waitingSince, CancellationToken cancellationToken)
        {
            Request = request;
            Caller = caller;
            WaitingSince = waitingSince;
            CallerCancellation = cancellationToken;
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((TaskCompletionSource<InferResponse>)state!).TrySetCanceled(token),
                _answer);
        }

        public InferRequest Request { get; }

        /// <summary>The caller's span, which the batch's span links to.</summary>
        public ActivityContext Caller { get; }

        /// <summary>A <see cref="TimeProvider.GetTimestamp"/> reading taken when the text began to wait.</summary>
        public long WaitingSince { get; }

        public CancellationToken CallerCancellation { get; }

        /// <summary>Completes with the prediction, the failure, or the caller's cancellation, whichever comes first.</summary>
        public Task<InferResponse> Answer => _answer.Task;

        public void Succeed(InferResponse response)
        {
            _answer.TrySetResult(response);
            _cancellation.Dispose();
        }

        public void Fail(Exception exception)
        {
            if (exception is OperationCanceledException && CallerCancellation.IsCancellationRequested)
            {
                _answer.TrySetCanceled(CallerCancellation);
            }
            else
            {
                _answer.TrySetException(exception);
            }

            _cancellation.Dispose();
        }
    }
}
