namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A named part of the application. Everything else about it is an annotation.</summary>
public interface IResource
{
    string Name { get; }

    ResourceAnnotationCollection Annotations { get; }
}
