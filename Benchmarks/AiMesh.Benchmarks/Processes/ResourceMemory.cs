namespace AiMesh.Benchmarks.Processes;

/// <summary>The resident memory of one resource's processes (its replicas and what they started), or of one orchestration process.</summary>
internal sealed record ResourceMemory(string Resource, int Processes, double RssMebibytes);
