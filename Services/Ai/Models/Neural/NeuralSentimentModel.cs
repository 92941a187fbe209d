using AiMesh.Ai.Models.Batching;
using AiMesh.Ai.Models.Linear;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Models.Neural;

/// <summary>
/// The accurate sentiment model and the service's default: all-MiniLM-L6-v2 sentence embeddings
/// (<see cref="MiniLmEmbedder"/>) read by a softmax head trained by AiMesh on its own corpus
/// (<c>eng/train-models.sh</c>), its probabilities averaged with the n-gram model's
/// (<see cref="SentimentEnsemble"/>). It loads in the background (<see cref="ILoadableModel"/>); single
/// predictions asked for at the same time run as one batch (<see cref="MicroBatcher"/>).
/// </summary>
public sealed class NeuralSentimentModel : IInferenceModel, ILoadableModel, IAsyncDisposable
{
    /// <summary>The name requests use for this model.</summary>
    public const string ModelName = "sentiment";

    private readonly IOptions<AiOptions> _options;
    private readonly ModelArtifact _artifact;
    private readonly SentimentEnsemble _ensemble;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile MiniLmEmbedder? _embedder;
    private MicroBatcher? _batcher;
    private SemaphoreSlim? _runs;

    public NeuralSentimentModel(IOptions<AiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Options are read when loading, not here: validating them resolves the models.
        _options = options;
        (_artifact, var head) = ModelArtifact.LoadEmbedded(ModelName);
        var (_, ngrams) = ModelArtifact.LoadEmbedded(Fast.FastSentimentModel.ModelName);
        _ensemble = new SentimentEnsemble(head, ngrams, new Fast.NGramFeaturizer(ngrams.FeatureCount));
    }

    public string Name => ModelName;

    public string Description =>
        "Sentiment (positive, negative or neutral) from all-MiniLM-L6-v2 sentence embeddings on ONNX Runtime, read by a head trained by AiMesh together with its n-gram model; the most accurate, batched.";

    public string Version => _artifact.Version;

    public IReadOnlyList<string> Labels => _artifact.Labels;

    public ModelEvaluation? Evaluation => _artifact.Evaluation;

    public bool IsLoaded => _embedder is not null;

    /// <summary>The dynamic batches run so far and the texts they held.</summary>
    internal (long Batches, long Texts) BatchCounts => _batcher?.Counts ?? (0, 0);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_embedder is not null)
            {
                return;
            }

            var options = _options.Value;
            var embedder = new MiniLmEmbedder(options.ModelThreads);
            _batcher = new MicroBatcher(Predict, options.MaxBatchSize, options.BatchWindow);
            _runs = new SemaphoreSlim(options.ModelConcurrency, options.ModelConcurrency);
            _embedder = embedder;
        }
        finally
        {
            _loading.Release();
        }
    }

    public async ValueTask<ModelPrediction> PredictAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        RequireLoaded();
        return await _batcher!.PredictAsync(text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a whole batch on a thread of its own, at most <see cref="AiOptions.ModelConcurrency"/> at once:
    /// a run takes a core for tens of milliseconds, which on the thread pool would hold up every request.
    /// </summary>
    public async ValueTask<IReadOnlyList<ModelPrediction>> PredictBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        RequireLoaded();
        await _runs!.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Factory.StartNew(() => Predict(texts), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .ConfigureAwait(false);
        }
        finally
        {
            _runs.Release();
        }
    }

    /// <summary>The embeddings the head reads, for training and tests.</summary>
    internal float[][] Embed(IReadOnlyList<string> texts)
    {
        RequireLoaded();
        return _embedder!.Embed(texts);
    }

    public async ValueTask DisposeAsync()
    {
        if (_batcher is not null)
        {
            await _batcher.DisposeAsync().ConfigureAwait(false);
        }

        _embedder?.Dispose();
        _runs?.Dispose();
        _loading.Dispose();
    }

    private IReadOnlyList<ModelPrediction> Predict(IReadOnlyList<string> texts) =>
        [.. _embedder!.Embed(texts).Select((embedding, i) => _ensemble.Predict(embedding, texts[i]))];

    private void RequireLoaded()
    {
        if (_embedder is null)
        {
            throw new ModelNotReadyException($"The model '{ModelName}' is still loading.");
        }
    }
}
