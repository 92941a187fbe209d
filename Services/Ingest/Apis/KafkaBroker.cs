namespace AiMesh.Ingest.Apis;

/// <summary>One broker as the cluster's metadata lists it.</summary>
internal sealed record KafkaBroker(int Id, string Host, int Port);
