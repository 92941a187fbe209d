namespace AiMesh.Ai.Models;

/// <summary>
/// A model that takes long to load (an ONNX session, large weights). <see cref="ModelLoader"/> loads every
/// one in the background when the service starts, and <c>/health</c> is Unhealthy until all are loaded,
/// so nothing is routed to a replica that is still loading.
/// </summary>
public interface ILoadableModel
{
    /// <summary>Whether <see cref="LoadAsync"/> has finished.</summary>
    bool IsLoaded { get; }

    /// <summary>Loads the model; calling it again after it finished does nothing.</summary>
    Task LoadAsync(CancellationToken cancellationToken);
}
