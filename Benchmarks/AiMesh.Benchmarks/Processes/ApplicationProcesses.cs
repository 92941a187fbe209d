using System.Globalization;
using AiMesh.Shared;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Processes;

/// <summary>
/// Every process of the running application, orchestration included: this process (it hosts the
/// AppHost, as the testing builder runs it in-process), DCP (it runs detached, so it is found by its
/// executable in Aspire's orchestration package) and everything either of them started, at any depth.
/// Each process is named after the resource whose process it is or descends from (a project's
/// <c>dotnet run</c> wrapper and the app under it, PostgreSQL's backends), else after its own command
/// name (DCP's helpers, the dashboard).
/// </summary>
internal static class ApplicationProcesses
{
    private const string OrchestrationPackage = "aspire.hosting.orchestration";

    public static IReadOnlyList<AppProcess> Find(IReadOnlyList<AppProcess> resourceProcesses)
    {
        var table = ProcessTable.Read();
        var resources = resourceProcesses.ToDictionary(process => process.Pid);
        var roots = table.Keys
            .Where(pid => pid == Environment.ProcessId || Executable(pid)?.Contains(OrchestrationPackage, StringComparison.OrdinalIgnoreCase) == true)
            .ToHashSet();

        var found = new List<AppProcess>();
        foreach (var (pid, stat) in table)
        {
            if (Owner(pid, table, resources, roots) is { } owner)
            {
                found.Add(new AppProcess(owner, $"{owner}-{pid.ToString(CultureInfo.InvariantCulture)}", pid, stat.StartTime));
            }
        }

        return found;
    }

    /// <summary>The name <paramref name="pid"/> is counted under, or null when it is not the application's.</summary>
    private static string? Owner(int pid, IReadOnlyDictionary<int, ProcessStat> table, Dictionary<int, AppProcess> resources, HashSet<int> roots)
    {
        string? nearestResource = null;
        for (var current = pid; table.TryGetValue(current, out var stat); current = stat.ParentPid)
        {
            if (nearestResource is null && resources.TryGetValue(current, out var resource))
            {
                nearestResource = resource.Resource;
            }

            if (roots.Contains(current))
            {
                return nearestResource
                    ?? (pid == Environment.ProcessId ? "apphost" : Executable(pid)?.Contains(OrchestrationPackage, StringComparison.OrdinalIgnoreCase) == true ? "dcp" : CommandName(pid));
            }

            if (stat.ParentPid == current)
            {
                break;
            }
        }

        return null;
    }

    private static string? Executable(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/exe").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string CommandName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
