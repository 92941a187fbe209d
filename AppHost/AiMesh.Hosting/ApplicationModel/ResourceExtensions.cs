namespace AiMesh.Hosting.ApplicationModel;

public static class ResourceExtensions
{
    /// <summary>The configured external connection string, when the AppHost is to use an existing server.</summary>
    public static string? GetExternalConnectionString(this IResource resource) =>
        resource.Annotations.LastOrDefault<ExternalConnectionStringAnnotation>()?.ConnectionString;

    public static bool IsExternal(this IResource resource) => resource.GetExternalConnectionString() is not null;

    public static IEnumerable<EndpointAnnotation> GetEndpoints(this IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>();

    public static EndpointReference GetEndpoint(this IResourceWithEndpoints resource, string name) => new(resource, name);

    public static int GetReplicaCount(this IResource resource) =>
        resource.Annotations.LastOrDefault<ReplicaAnnotation>()?.Replicas ?? 1;

    public static IEnumerable<WaitAnnotation> GetWaits(this IResource resource) => resource.Annotations.OfType<WaitAnnotation>();

    /// <summary>
    /// The resource's connection string: the configured external one if any, else its own expression.
    /// </summary>
    public static ReferenceExpression GetConnectionStringExpression(this IResourceWithConnectionString resource) =>
        resource.GetExternalConnectionString() is { } external
            ? ReferenceExpression.Literal(external)
            : resource.ConnectionStringExpression;
}
