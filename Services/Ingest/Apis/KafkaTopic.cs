namespace AiMesh.Ingest.Apis;

/// <summary>A topic and its partition count as the cluster's metadata lists it.</summary>
internal sealed record KafkaTopic(string Name, int Partitions);
