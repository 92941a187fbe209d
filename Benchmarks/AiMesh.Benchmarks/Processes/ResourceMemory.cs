namespace AiMesh.Benchmarks.Processes;

/// <summary>The resident memory of one resource's processes, summed over its replicas.</summary>
internal sealed record ResourceMemory(string Resource, int Replicas, double RssMebibytes);
