using AiMesh.Ai.Models;

namespace AiMesh.Ai.Tests.TestSupport;

/// <summary>A model that loads when the test says so, and refuses to answer until then, as the neural model does.</summary>
internal sealed class SlowLoadingModel() : FixedAnswerModel("slow", "loaded"), ILoadableModel, IInferenceModel
{
    public static readonly TaskCompletionSource Loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsLoaded => Loaded.Task.IsCompleted;

    public Task LoadAsync(CancellationToken cancellationToken) => Loaded.Task.WaitAsync(cancellationToken);

    ValueTask<ModelPrediction> IInferenceModel.PredictAsync(string text, CancellationToken cancellationToken) =>
        IsLoaded ? PredictAsync(text, cancellationToken) : throw new ModelNotReadyException("The model 'slow' is still loading.");
}
