using Microsoft.Extensions.Logging;
using Npgsql;

namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>Creates a server's databases that do not exist yet, as Aspire does for its container.</summary>
internal static class PostgresDatabaseCreator
{
    public static async Task CreateMissingAsync(PostgresServerResource server, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(await server.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false))
        {
            Database = "postgres",
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        foreach (var database in server.Databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database.DatabaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            logger.LogInformation("Creating database {Database}", database.DatabaseName);
            // CREATE DATABASE takes no bind parameters: the name goes in as a quoted identifier.
            var identifier = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {identifier}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
