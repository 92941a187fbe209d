namespace AiMesh.Ingest.Backpressure;

/// <summary>How far one <see cref="PipelineStage"/> was behind when it was read.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Partitions">The topic's partitions in the cluster's metadata; 0 when the topic does not exist yet.</param>
/// <param name="Lag">Messages on the topic the group has not committed yet, summed over the partitions.</param>
internal sealed record StageLag(PipelineStage Stage, int Partitions, long Lag);
