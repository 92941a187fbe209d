using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Infrastructure.Postgres;

/// <summary>
/// A PostgreSQL server; locally Debian's PostgreSQL, initialised into the AppHost's state directory. Without
/// a user name parameter the user is Aspire's default, <c>postgres</c>.
/// </summary>
public sealed class PostgresServerResource(string name, ParameterResource? userName, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public const string EndpointName = "tcp";

    public const string DefaultUserName = "postgres";

    private readonly List<PostgresDatabaseResource> _databases = [];

    public ParameterResource UserName { get; } = userName
        ?? new ParameterResource($"{name}-username", new ConstantParameterDefault(DefaultUserName), secret: false) { Value = DefaultUserName };

    /// <summary>
    /// The user as connection strings and manifests write it. Aspire's default user is a constant, not a
    /// parameter anyone configures, so it is no model resource and is written literally rather than as a
    /// reference to a parameter no manifest declares.
    /// </summary>
    public IValueProvider UserNameValue { get; } = userName is null ? ReferenceExpression.Literal(DefaultUserName) : userName;

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public IReadOnlyList<PostgresDatabaseResource> Databases => _databases;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Host};Port={PrimaryEndpoint.Port};Username={UserNameValue};Password={Password}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        if (this.IsExternal())
        {
            yield break;
        }

        yield return new("HOST", ReferenceExpression.Create($"{PrimaryEndpoint.Host}"));
        yield return new("PORT", ReferenceExpression.Create($"{PrimaryEndpoint.Port}"));
        yield return new("USERNAME", ReferenceExpression.Create($"{UserNameValue}"));
        yield return new("PASSWORD", ReferenceExpression.Create($"{Password}"));
        yield return new("URI", UriExpression(null));
        yield return new("JDBCCONNECTIONSTRING", JdbcExpression(null));
    }

    internal ReferenceExpression JdbcExpression(string? database) => database is null
        ? ReferenceExpression.Create($"jdbc:postgresql://{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}")
        : ReferenceExpression.Create($"jdbc:postgresql://{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}/{database}");

    internal ReferenceExpression UriExpression(string? database) => database is null
        ? ReferenceExpression.Create($"postgresql://{UserNameValue}:{Password}@{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}")
        : ReferenceExpression.Create($"postgresql://{UserNameValue}:{Password}@{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}/{database}");

    internal void AddDatabase(PostgresDatabaseResource database) => _databases.Add(database);
}
