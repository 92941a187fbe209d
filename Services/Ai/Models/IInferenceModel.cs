namespace AiMesh.Ai.Models;

/// <summary>
/// A model the Ai service can run, found by <see cref="Name"/>. Implementations are singletons called
/// concurrently, so they must be thread-safe. Register one with
/// <see cref="InferenceModelServiceCollectionExtensions.AddInferenceModel{TModel}"/>.
/// </summary>
public interface IInferenceModel
{
    /// <summary>The name requests use to pick this model, e.g. <c>sentiment</c>; matched case-insensitively.</summary>
    string Name { get; }

    /// <summary>One line saying what the model does, shown by <c>GET /api/models</c>.</summary>
    string Description { get; }

    /// <summary>Which build of the model answers; changes whenever its weights or rules do.</summary>
    string Version => "1";

    /// <summary>The labels the model answers with.</summary>
    IReadOnlyList<string> Labels => [];

    /// <summary>How the model did on the held-out set when it was last evaluated, or null when it never was.</summary>
    ModelEvaluation? Evaluation => null;

    /// <summary>Runs the model on <paramref name="text"/>.</summary>
    /// <exception cref="ModelNotReadyException">The model is still loading.</exception>
    ValueTask<ModelPrediction> PredictAsync(string text, CancellationToken cancellationToken);

    /// <summary>Runs the model on every text, answering in the same order. Models that batch better than one at a time override it.</summary>
    /// <exception cref="ModelNotReadyException">The model is still loading.</exception>
    async ValueTask<IReadOnlyList<ModelPrediction>> PredictBatchAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);

        var predictions = new ModelPrediction[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            predictions[i] = await PredictAsync(texts[i], cancellationToken).ConfigureAwait(false);
        }

        return predictions;
    }
}
