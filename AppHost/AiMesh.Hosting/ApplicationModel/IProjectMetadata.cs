namespace AiMesh.Hosting.ApplicationModel;

/// <summary>
/// Generated for each project a host references (the <c>Projects.*</c> classes), as Aspire does.
/// </summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }

    /// <summary>The built assembly; AiMesh records it at build time so start-up needs no MSBuild call.</summary>
    string? TargetPath => null;
}
