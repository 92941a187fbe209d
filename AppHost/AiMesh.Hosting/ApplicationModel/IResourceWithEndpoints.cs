namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A resource that listens on network endpoints.</summary>
public interface IResourceWithEndpoints : IResource;
