namespace AiMesh.Hosting.ApplicationModel;

/// <summary>
/// A connection string configured for the resource (<c>ConnectionStrings:{name}</c>): the AppHost uses that
/// server and starts none of its own.
/// </summary>
public sealed class ExternalConnectionStringAnnotation(string connectionString) : IResourceAnnotation
{
    public string ConnectionString { get; } = connectionString;
}
