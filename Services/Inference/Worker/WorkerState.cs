namespace AiMesh.Inference.Worker;

/// <summary>Where <see cref="InferenceWorker"/>'s consume loop is in its life.</summary>
internal enum WorkerState
{
    /// <summary>The host has not started the loop yet.</summary>
    NotStarted,

    /// <summary>Consuming.</summary>
    Running,

    /// <summary>Ended because the host stopped it.</summary>
    Stopped,

    /// <summary>Ended by an exception: nothing is being consumed.</summary>
    Faulted,
}
