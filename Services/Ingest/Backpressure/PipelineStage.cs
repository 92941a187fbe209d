using AiMesh.Contracts;

namespace AiMesh.Ingest.Backpressure;

/// <summary>
/// One step a text takes after Ingest: a topic and the consumer group that reads it. A text counts as
/// waiting in a stage from the moment it is on the topic until the group has committed past it.
/// </summary>
/// <param name="Name">How metrics, logs and <c>/kafka-status</c> name the stage.</param>
/// <param name="Topic">The topic the stage reads.</param>
/// <param name="Group">The consumer group whose committed offsets say how far it has read.</param>
internal sealed record PipelineStage(string Name, string Topic, string Group)
{
    /// <summary>The stage name of Inference reading <see cref="Topics.Data"/>.</summary>
    public const string InferenceName = "inference";

    /// <summary>The stage name of Results reading <see cref="Topics.Results"/>.</summary>
    public const string ResultsName = "results";

    /// <summary>The pipeline's stages in the order a text passes them, with the groups <paramref name="options"/> name.</summary>
    public static IReadOnlyList<PipelineStage> All(BackpressureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        return
        [
            new PipelineStage(InferenceName, Topics.Data, options.InferenceGroup),
            new PipelineStage(ResultsName, Topics.Results, options.ResultsGroup),
        ];
    }
}
