using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Infrastructure.Postgres;

namespace AiMesh.Hosting;

public static class PostgresBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server: locally Debian's PostgreSQL, data in the AppHost's state directory,
    /// user <c>postgres</c> unless <paramref name="userName"/> is given, password generated unless given.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource>? userName = null,
        IResourceBuilder<ParameterResource>? password = null,
        int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceNames.ThrowIfInvalid(name);
        var passwordParameter = password?.Resource ?? builder.CreateGeneratedPassword(name);
        return builder.AddResource(new PostgresServerResource(name, userName?.Resource, passwordParameter))
            .WithEndpoint(PostgresServerResource.EndpointName, "tcp", port);
    }

    /// <summary>A database the AppHost creates on the server when it does not exist yet.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.AddDatabase(database);
        return builder.ApplicationBuilder.AddResource(database);
    }
}
