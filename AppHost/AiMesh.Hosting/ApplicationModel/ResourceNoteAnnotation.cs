namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A sentence a person running the app should see next to the resource (console and status API).</summary>
public sealed class ResourceNoteAnnotation(string note) : IResourceAnnotation
{
    public string Note { get; } = note;
}
