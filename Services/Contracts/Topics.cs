namespace AiMesh.Contracts;

/// <summary>The Kafka topics of the pipeline; the AppHost creates them, the services only use them.</summary>
public static class Topics
{
    /// <summary>Accepted texts (<see cref="TextSubmitted"/>), keyed by id. Ingest produces, Inference consumes.</summary>
    public const string Data = "data-topic";

    /// <summary>Finished inferences (<see cref="InferenceResult"/>), keyed by id. Inference produces, Results consumes.</summary>
    public const string Results = "result-topic";

    /// <summary>
    /// An LLM answer's text as it arrives (<see cref="AnswerChunk"/>), keyed by the text's id, so the UI
    /// can show it growing. Inference produces, Results relays to <c>/ws/answers</c>; not stored: the
    /// whole answer comes on <see cref="Results"/>.
    /// </summary>
    public const string Answers = "answer-topic";

    /// <summary>Data-topic messages Inference gave up on, with why in their headers; replayable to <see cref="Data"/>.</summary>
    public const string DataDeadLetters = Data + ".dlq";

    /// <summary>Result-topic messages Results could not store, with why in their headers; replayable to <see cref="Results"/>.</summary>
    public const string ResultsDeadLetters = Results + ".dlq";
}
