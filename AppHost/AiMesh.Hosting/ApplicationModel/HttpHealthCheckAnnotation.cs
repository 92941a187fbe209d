namespace AiMesh.Hosting.ApplicationModel;

/// <summary>The resource is healthy when every replica answers <see cref="Path"/> with <see cref="StatusCode"/>.</summary>
public sealed class HttpHealthCheckAnnotation(string endpointName, string path, int statusCode) : IResourceAnnotation
{
    public string EndpointName { get; } = endpointName;

    public string Path { get; } = path;

    public int StatusCode { get; } = statusCode;

    /// <summary>Aspire's health check key, <c>{resource}_{endpoint}_{path}_{code}_check</c>.</summary>
    public string Key(IResource resource) => $"{resource.Name}_{EndpointName}_{Path}_{StatusCode}_check";
}
