namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A resource whose endpoints can be handed to others as <c>services__{name}__{endpoint}__{i}</c>.</summary>
public interface IResourceWithServiceDiscovery : IResourceWithEndpoints;
