using AiMesh.Hosting.Orchestration.Lifecycles;
using AiMesh.Hosting.Orchestration.Processes;

namespace AiMesh.Hosting.Infrastructure.Postgres;

/// <summary>
/// Debian's PostgreSQL server programs. PostgreSQL refuses to run as root, so when the AppHost is root
/// they run as the postgres user through setpriv, which execs in place: the pid we hold is the server's.
/// </summary>
internal static class PostgresInstallation
{
    private const string ServiceUser = "postgres";

    public static bool RunningAsRoot { get; } = NativeMethods.GetEffectiveUserId() == 0;

    public static string BinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault() ?? Missing()
            : Path.GetDirectoryName(ExecutableLocator.Find("postgres")) ?? Missing();

    /// <summary>The command line that runs <paramref name="program"/> as the server's user.</summary>
    public static (string FileName, List<string> Args) Command(string program, IEnumerable<string> args)
    {
        var path = Path.Combine(BinDirectory, program);
        return RunningAsRoot
            ? ("setpriv", ["--reuid", ServiceUser, "--regid", ServiceUser, "--init-groups", "--", path, .. args])
            : (path, [.. args]);
    }

    /// <summary>Gives the server's user a directory the AppHost (root) created.</summary>
    public static async Task TakeOwnershipAsync(string directory, LifecycleContext context, CancellationToken cancellationToken)
    {
        if (RunningAsRoot)
        {
            await CommandRunner.RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", directory], context, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Missing() =>
        throw new DistributedApplicationException("PostgreSQL is not installed: run the README's command, or `apt-get install postgresql`.");
}
