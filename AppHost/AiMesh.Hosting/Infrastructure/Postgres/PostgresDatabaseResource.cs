using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Infrastructure.Postgres;

/// <summary>A database on a <see cref="PostgresServerResource"/>; the AppHost creates it when missing.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent.GetConnectionStringExpression()};Database={DatabaseName}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        if (this.IsExternal() || Parent.IsExternal())
        {
            yield return new("DATABASENAME", ReferenceExpression.Literal(DatabaseName));
            yield break;
        }

        // As Aspire 13: the server's properties, with URI and JDBCCONNECTIONSTRING naming the database.
        foreach (var property in ((IResourceWithConnectionString)Parent).GetConnectionProperties().Where(p => p.Key is not ("URI" or "JDBCCONNECTIONSTRING")))
        {
            yield return property;
        }

        yield return new("URI", Parent.UriExpression(DatabaseName));
        yield return new("JDBCCONNECTIONSTRING", Parent.JdbcExpression(DatabaseName));
        yield return new("DATABASENAME", ReferenceExpression.Literal(DatabaseName));
    }
}
