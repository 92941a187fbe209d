namespace AiMesh.Contracts;

/// <summary>The Kafka topics of the pipeline; the AppHost creates them, the services only use them.</summary>
public static class Topics
{
    /// <summary>Accepted texts (<see cref="TextSubmitted"/>), keyed by id. Ingest produces, Inference consumes.</summary>
    public const string Data = "data-topic";

    /// <summary>Finished inferences (<see cref="InferenceResult"/>), keyed by id. Inference produces, Results consumes.</summary>
    public const string Results = "result-topic";
}
