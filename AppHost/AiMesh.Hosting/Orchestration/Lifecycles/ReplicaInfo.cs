namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>Which replica a lifecycle call is about; the instance id stays the same across restarts.</summary>
internal sealed record ReplicaInfo(int Index, string InstanceId, string Name);
