namespace AiMesh.Hosting.ApplicationModel;

/// <summary>Marks a type that records one fact about a resource.</summary>
public interface IResourceAnnotation;
