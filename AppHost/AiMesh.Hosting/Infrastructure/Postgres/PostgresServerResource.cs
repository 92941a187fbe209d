using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Infrastructure.Postgres;

/// <summary>A PostgreSQL server; locally Debian's PostgreSQL, initialised into the AppHost's state directory.</summary>
public sealed class PostgresServerResource(string name, ParameterResource userName, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public const string EndpointName = "tcp";

    private readonly List<PostgresDatabaseResource> _databases = [];

    public ParameterResource UserName { get; } = userName;

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public IReadOnlyList<PostgresDatabaseResource> Databases => _databases;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Host};Port={PrimaryEndpoint.Port};Username={UserName};Password={Password}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        if (this.IsExternal())
        {
            yield break;
        }

        yield return new("HOST", ReferenceExpression.Create($"{PrimaryEndpoint.Host}"));
        yield return new("PORT", ReferenceExpression.Create($"{PrimaryEndpoint.Port}"));
        yield return new("USERNAME", ReferenceExpression.Create($"{UserName}"));
        yield return new("PASSWORD", ReferenceExpression.Create($"{Password}"));
        yield return new("URI", UriExpression(null));
        yield return new("JDBCCONNECTIONSTRING", ReferenceExpression.Create($"jdbc:postgresql://{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}"));
    }

    internal ReferenceExpression UriExpression(string? database) => database is null
        ? ReferenceExpression.Create($"postgresql://{UserName}:{Password}@{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}")
        : ReferenceExpression.Create($"postgresql://{UserName}:{Password}@{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}/{database}");

    internal void AddDatabase(PostgresDatabaseResource database) => _databases.Add(database);
}
