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

    /// <summary>Runs the model on <paramref name="text"/>.</summary>
    ValueTask<ModelPrediction> PredictAsync(string text, CancellationToken cancellationToken);
}
