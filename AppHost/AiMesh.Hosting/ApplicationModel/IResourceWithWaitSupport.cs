namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A resource that can be held back until the resources it waits for are healthy.</summary>
public interface IResourceWithWaitSupport : IResource;
