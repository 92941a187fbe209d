namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>
/// A database on a local <see cref="PostgresServerResource"/>, created when missing once the server is
/// ready. Its connection string is Aspire's: the server's followed by <c>;Database=…</c>.
/// </summary>
/// <param name="name">The resource name, also the connection string's name.</param>
/// <param name="databaseName">The database's name on the server.</param>
/// <param name="parent">The server.</param>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        Parent.CombineProperties(
        [
            new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
            new("Uri", Parent.BuildUri(DatabaseName)),
            new("JdbcConnectionString", Parent.BuildJdbcConnectionString(DatabaseName)),
        ]);
}
