namespace AiMesh.Ingest.Apis;

/// <summary>One pipeline stage's lag in <c>GET /kafka-status</c>.</summary>
/// <param name="Stage">The stage: <c>inference</c> or <c>results</c>.</param>
/// <param name="Topic">The topic it reads.</param>
/// <param name="Group">The consumer group whose committed offsets were read.</param>
/// <param name="Partitions">The topic's partitions.</param>
/// <param name="Lag">Messages on the topic the group has not committed yet.</param>
internal sealed record StageLagStatus(string Stage, string Topic, string Group, int Partitions, long Lag);
