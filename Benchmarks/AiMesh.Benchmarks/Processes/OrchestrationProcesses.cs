using System.Globalization;
using AiMesh.Shared;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Processes;

/// <summary>
/// The processes that run the model rather than the pipeline: this process (it hosts the AppHost,
/// as the testing builder runs it in-process) and DCP's, found by their executable in Aspire's
/// orchestration package. The testing builder runs no dashboard.
/// </summary>
internal static class OrchestrationProcesses
{
    public static IReadOnlyList<AppProcess> Find()
    {
        var found = new List<AppProcess>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ProcessStat.TryRead(pid) is not { IsRunning: true } stat)
            {
                continue;
            }

            if (pid == Environment.ProcessId)
            {
                found.Add(new AppProcess("apphost (this process)", "apphost", pid, stat.StartTime));
            }
            else if (Executable(directory)?.Contains("aspire.hosting.orchestration", StringComparison.OrdinalIgnoreCase) == true)
            {
                found.Add(new AppProcess("dcp", "dcp", pid, stat.StartTime));
            }
        }

        return found;
    }

    private static string? Executable(string procDirectory)
    {
        try
        {
            return new FileInfo(Path.Combine(procDirectory, "exe")).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
