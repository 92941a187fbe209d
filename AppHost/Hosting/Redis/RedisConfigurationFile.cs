namespace AiMesh.AppHost.Hosting.Redis;

/// <summary>
/// Writes redis-server's configuration before each start. The password lives here, in a file only the
/// AppHost's user can read, because a command line is visible to every local user through ps.
/// </summary>
internal static class RedisConfigurationFile
{
    public static async Task WriteAsync(RedisServerResource redis, CancellationToken cancellationToken)
    {
        var directory = redis.WorkingDirectory;
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var password = await redis.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
        // Created empty with its final mode first, so the password is never in a file others could read.
        await using (File.Create(redis.ConfigurationFile, 1, FileOptions.None).ConfigureAwait(false))
        {
        }

        File.SetUnixFileMode(redis.ConfigurationFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllLinesAsync(redis.ConfigurationFile,
        [
            // The port comes on the command line (it is allocated per run); everything secret is here.
            "bind 127.0.0.1",
            "protected-mode yes",
            $"requirepass \"{password}\"",
            // A cache: nothing is written to disk, a restart starts empty.
            "save \"\"",
            "appendonly no",
            "daemonize no",
        ], cancellationToken).ConfigureAwait(false);
    }
}
