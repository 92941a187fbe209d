namespace AiMesh.Hosting.ApplicationModel;

/// <summary>
/// A resource's connection string by reference: a manifest writes <c>{name.connectionString}</c>, as Aspire's
/// do, so a deployment resolves each connection string in one place instead of in every referencing service.
/// </summary>
public sealed class ConnectionStringReference(IResourceWithConnectionString resource) : IValueProvider, IManifestExpressionProvider
{
    public IResourceWithConnectionString Resource { get; } = resource;

    public string ValueExpression => $"{{{Resource.Name}.connectionString}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        Resource.GetConnectionStringExpression().GetValueAsync(cancellationToken);
}
