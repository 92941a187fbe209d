using AiMesh.Ingest.Backpressure;

namespace AiMesh.Ingest.Apis;

/// <summary>The <c>pipeline</c> section of <c>GET /kafka-status</c>: how far the pipeline lags, and whether Ingest refuses texts for it.</summary>
/// <param name="Lag">The latest lag read, summed over the stages; null until one could be read.</param>
/// <param name="MaxLag">Above this, texts are refused with 429 (<c>Ingest:Backpressure:MaxLag</c>).</param>
/// <param name="ResumeLag">Once refusing, texts are accepted again at or below this (<c>Ingest:Backpressure:ResumeLag</c>).</param>
/// <param name="RefusingTexts">Whether <c>POST /api/subscribe</c> answers 429 now.</param>
/// <param name="ReadAt">When <paramref name="Lag"/> was read.</param>
/// <param name="Problem">Why the latest attempt to read the lag failed; null when <paramref name="Lag"/> is current.</param>
/// <param name="Stages">Each stage's lag, as of <paramref name="ReadAt"/>.</param>
internal sealed record PipelineStatus(
    long? Lag,
    long MaxLag,
    long ResumeLag,
    bool RefusingTexts,
    DateTimeOffset? ReadAt,
    string? Problem,
    IReadOnlyList<StageLagStatus> Stages)
{
    public static PipelineStatus From(PipelineLagState state)
    {
        ArgumentNullException.ThrowIfNull(state);

        var stages = state.Reading?.Stages
            .Select(stage => new StageLagStatus(stage.Stage.Name, stage.Stage.Topic, stage.Stage.Group, stage.Partitions, stage.Lag))
            .ToList() ?? [];
        return new PipelineStatus(state.Reading?.Total, state.MaxLag, state.ResumeLag, state.RefusesTexts, state.Reading?.ReadAt, state.Unreadable, stages);
    }
}
