namespace AiMesh.Ingest.Backpressure;

/// <summary>One reading of every stage's lag, taken together.</summary>
/// <param name="Stages">Each stage's lag, in pipeline order.</param>
/// <param name="ReadAt">When the reading was complete.</param>
internal sealed record PipelineLagReading(IReadOnlyList<StageLag> Stages, DateTimeOffset ReadAt)
{
    /// <summary>
    /// The pipeline's lag: the messages waiting in all stages together. A text waits in one stage at a time,
    /// except for the moment between Inference producing its result and committing its own offset.
    /// </summary>
    public long Total => Stages.Sum(stage => stage.Lag);
}
