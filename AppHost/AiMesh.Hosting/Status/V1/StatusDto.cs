namespace AiMesh.Hosting.Status.V1;

public sealed record StatusDto(string State, int AppHostPid, IReadOnlyList<ResourceDto> Resources);

public sealed record LogLineDto(DateTimeOffset Timestamp, string Source, string Text, bool IsError);
