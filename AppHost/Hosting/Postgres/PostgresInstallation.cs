using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AiMesh.AppHost.Hosting.Postgres;

/// <summary>
/// Debian's PostgreSQL programs, and how the AppHost runs them. PostgreSQL refuses to run as root, so a
/// root AppHost runs them as the <c>postgres</c> user through setpriv, which execs in place: the pid DCP
/// watches (and signals on stop) is the server itself. runuser would stay in between as the parent.
/// </summary>
internal static class PostgresInstallation
{
    public const string ServiceUser = "postgres";

    private const string SetprivPath = "/usr/bin/setpriv";

    /// <summary>Whether the programs run as <see cref="ServiceUser"/> rather than as the AppHost's user.</summary>
    public static bool RunsAsServiceUser { get; } = Environment.IsPrivilegedProcess;

    /// <summary>The newest installed major version's bin directory, or null when PostgreSQL is not installed.</summary>
    public static string? BinDirectory { get; } = FindBinDirectory();

    /// <summary>The executable and leading arguments that run <paramref name="program"/> as the server's user.</summary>
    public static (string Command, string[] Args) Command(string program)
    {
        var path = Path.Combine(BinDirectory ?? "/usr/lib/postgresql/15/bin", program);
        return RunsAsServiceUser
            ? (SetprivPath, ["--reuid", ServiceUser, "--regid", ServiceUser, "--init-groups", "--", path])
            : (path, []);
    }

    public static void ThrowIfMissing()
    {
        if (BinDirectory is null)
        {
            throw new DistributedApplicationException("PostgreSQL is not installed: run eng/install-prerequisites.sh, or apt-get install postgresql.");
        }
    }

    /// <summary>Runs a program to completion, its output in the resource's log; throws with that output on failure.</summary>
    public static async Task RunAsync(string command, IEnumerable<string> args, ILogger logger, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo) ?? throw new DistributedApplicationException($"Could not start {command}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var text = (await output.ConfigureAwait(false) + await error.ConfigureAwait(false)).Trim();
        if (text.Length > 0)
        {
            logger.LogInformation("{Output}", text);
        }

        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException($"{command} {string.Join(' ', startInfo.ArgumentList)} exited with {process.ExitCode}: {text}");
        }
    }

    /// <summary>Gives a directory the AppHost (root) created to the server's user.</summary>
    public static Task TakeOwnershipAsync(string path, ILogger logger, CancellationToken cancellationToken) =>
        RunsAsServiceUser
            ? RunAsync("chown", [$"{ServiceUser}:{ServiceUser}", path], logger, cancellationToken)
            : Task.CompletedTask;

    private static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault()
            : null;
}
