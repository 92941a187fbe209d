namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A resource whose process receives command-line arguments.</summary>
public interface IResourceWithArgs : IResource;
