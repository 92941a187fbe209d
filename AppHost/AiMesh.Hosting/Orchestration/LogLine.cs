namespace AiMesh.Hosting.Orchestration;

/// <summary>One line of output from a resource's process (or the AppHost speaking about it).</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Resource, string Source, string Text, bool IsError);
