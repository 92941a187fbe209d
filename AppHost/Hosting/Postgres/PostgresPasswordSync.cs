using System.Globalization;
using Npgsql;

namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>
/// Sets the superuser's password to the parameter's value once per server start, through the owner-only
/// Unix socket. The data directory outlives the parameter: user secrets can be lost or the machine changed.
/// </summary>
internal sealed class PostgresPasswordSync(PostgresServerResource server)
{
    private volatile bool _synced;

    /// <summary>Called before each start: the next health check sets the password again.</summary>
    public void Reset() => _synced = false;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_synced)
        {
            return;
        }

        var port = await server.PrimaryEndpoint.Property(EndpointProperty.TargetPort).GetValueAsync(cancellationToken).ConfigureAwait(false);
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var socket = new NpgsqlConnectionStringBuilder
        {
            Host = server.SocketDirectory,
            Port = int.Parse(port!, CultureInfo.InvariantCulture),
            Username = PostgresServerResource.UserName,
            Database = "postgres",
            Pooling = false,
            Timeout = 3,
        };

        await using var connection = new NpgsqlConnection(socket.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // ALTER ROLE takes no bind parameters: the password goes in as a literal, quotes doubled.
        var literal = "'" + password!.Replace("'", "''", StringComparison.Ordinal) + "'";
        await using var command = new NpgsqlCommand($"ALTER ROLE \"{PostgresServerResource.UserName}\" WITH PASSWORD {literal}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _synced = true;
    }
}
