using Microsoft.Extensions.Logging;

namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>
/// Gets a server's directories ready before each start: the data directory is initialised once and then
/// kept; the authentication files are rewritten every time, so the lock-down also applies to a data
/// directory that an older AppHost initialised with a trusting socket.
/// </summary>
internal static class PostgresCluster
{
    private const string IdentMap = "apphost";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Traversable = UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static async Task PrepareAsync(PostgresServerResource server, ILogger logger, CancellationToken cancellationToken)
    {
        PostgresInstallation.ThrowIfMissing();

        Directory.CreateDirectory(server.WorkingDirectory);
        if (PostgresInstallation.RunsAsServiceUser)
        {
            // The postgres user must pass through the state directory (a temp directory is 0700) to
            // reach its data, socket and authentication files; it can list none of them.
            foreach (var directory in new[] { Path.GetDirectoryName(server.WorkingDirectory)!, server.WorkingDirectory })
            {
                File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | Traversable);
            }
        }

        await WriteAuthenticationFilesAsync(server, cancellationToken).ConfigureAwait(false);

        // The socket's directory is the server user's alone: no other local user can even reach the socket.
        // The AppHost gets in as root (or as that very user) to keep the password in step.
        Directory.CreateDirectory(server.SocketDirectory);
        File.SetUnixFileMode(server.SocketDirectory, OwnerOnly);
        await PostgresInstallation.TakeOwnershipAsync(server.SocketDirectory, logger, cancellationToken).ConfigureAwait(false);

        if (File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")))
        {
            return;
        }

        logger.LogInformation("Initialising a PostgreSQL data directory in {DataDirectory}", server.DataDirectory);
        Directory.CreateDirectory(server.DataDirectory);
        File.SetUnixFileMode(server.DataDirectory, OwnerOnly);
        await PostgresInstallation.TakeOwnershipAsync(server.DataDirectory, logger, cancellationToken).ConfigureAwait(false);
        var (command, leadingArgs) = PostgresInstallation.Command("initdb");
        // No password yet: the AppHost sets it through the socket once the server runs (it does so on every
        // start, because the parameter changes when user secrets are lost).
        await PostgresInstallation.RunAsync(command,
            [.. leadingArgs, "-D", server.DataDirectory, "-U", PostgresServerResource.UserName,
             "--auth-local=peer", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            logger, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAuthenticationFilesAsync(PostgresServerResource server, CancellationToken cancellationToken)
    {
        // Not secret, and owned by the AppHost's user: the server reads them but cannot change them.
        await File.WriteAllLinesAsync(server.HbaFile,
        [
            "# Written by the AiMesh AppHost before every start; edits are overwritten.",
            "# The socket: only operating-system users mapped in pg_ident.conf (the AppHost's), by peer credentials.",
            $"local  all  all                 peer map={IdentMap}",
            "# TCP: loopback only (listen_addresses), and always the password.",
            "host   all  all  127.0.0.1/32  scram-sha-256",
        ], cancellationToken).ConfigureAwait(false);

        string[] systemUsers = PostgresInstallation.RunsAsServiceUser
            ? ["root", PostgresInstallation.ServiceUser]
            : [Environment.UserName];
        await File.WriteAllLinesAsync(server.IdentFile,
        [
            "# Written by the AiMesh AppHost before every start; edits are overwritten.",
            .. systemUsers.Select(user => $"{IdentMap}  {user}  {PostgresServerResource.UserName}"),
        ], cancellationToken).ConfigureAwait(false);

        const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(server.HbaFile, Readable);
        File.SetUnixFileMode(server.IdentFile, Readable);
    }
}
