namespace AiMesh.Hosting.ApplicationModel;

/// <summary>A resource that others reach through <c>ConnectionStrings__{name}</c>.</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The connection string as AiMesh's own processes need it, known once the resource runs.</summary>
    ReferenceExpression ConnectionStringExpression { get; }

    /// <summary>
    /// Aspire 13's <c>{NAME}_{PROP}</c> connection properties (HOST, PORT, PASSWORD, URI …), handed to
    /// referencing processes next to the connection string.
    /// </summary>
    IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() => [];
}
