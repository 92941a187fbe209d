using System.Threading.Channels;

namespace AiMesh.Ai.Models.Batching;

/// <summary>
/// Dynamic batching: single predictions asked for concurrently are gathered, for at most the window
/// after the first or until the maximum batch size are waiting, into one call of the batch function, whose cost per text falls with the batch (one padded ONNX run
/// instead of many). One batch runs at a time; requests that come meanwhile form the next one.
/// </summary>
internal sealed class MicroBatcher : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<string>, IReadOnlyList<ModelPrediction>> _runBatch;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _window;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _batches;
    private long _texts;

    public MicroBatcher(Func<IReadOnlyList<string>, IReadOnlyList<ModelPrediction>> runBatch, int maxBatchSize, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(runBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);

        _runBatch = runBatch;
        _maxBatchSize = maxBatchSize;
        _window = window;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How many batches have run, and how many texts they held: their ratio is the mean batch size.</summary>
    public (long Batches, long Texts) Counts => (Interlocked.Read(ref _batches), Interlocked.Read(ref _texts));

    public Task<ModelPrediction> PredictAsync(string text, CancellationToken cancellationToken)
    {
        var pending = new Pending(text, new TaskCompletionSource<ModelPrediction>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(MicroBatcher));
        }

        // A caller that gives up stops waiting; its text may still be in a batch, which costs nothing more.
        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var deadline = DateTime.UtcNow + _window;
            while (batch.Count < _maxBatchSize)
            {
                if (_queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                    continue;
                }

                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero || batch.Count == 0)
                {
                    break;
                }

                using var wait = new CancellationTokenSource(remaining);
                try
                {
                    if (!await _queue.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                Run(batch);
            }
        }
    }

    private void Run(List<Pending> batch)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _texts, batch.Count);
        try
        {
            var predictions = _runBatch([.. batch.Select(pending => pending.Text)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(predictions[i]);
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(exception);
            }
        }
    }

    private sealed record Pending(string Text, TaskCompletionSource<ModelPrediction> Result);
}
