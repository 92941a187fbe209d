using System.Diagnostics;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

/// <summary>Runs a short preparation command (a build, initdb, chown) to completion.</summary>
internal static class CommandRunner
{
    /// <summary>Returns the command's standard output; throws, after logging all its output, when it fails.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> args, LifecycleContext context, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo) ?? throw new DistributedApplicationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var error = await stderr.ConfigureAwait(false);
            context.Log($"{fileName} {string.Join(' ', startInfo.ArgumentList)}:\n{output}{error}", isError: true);
            throw new DistributedApplicationException($"{Path.GetFileName(fileName)} failed with exit code {process.ExitCode}: {error.Trim()}");
        }

        return output;
    }
}
