using System.Globalization;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Processes;

/// <summary>
/// Counts the times the processes' threads have left a core so far, by choice (to wait) or not, summed
/// over every thread in <c>/proc/PID/task/*/status</c>. The difference of two readings over a pass, per
/// text, says how many hand-offs between threads a text costs: where few texts share each wake-up, most
/// of its CPU on a machine where waking a thread is dear.
/// </summary>
internal static class ThreadSwitchReader
{
    private const string Voluntary = "voluntary_ctxt_switches:";
    private const string Involuntary = "nonvoluntary_ctxt_switches:";

    /// <summary>The switches so far of each process, by process id.</summary>
    public static IReadOnlyDictionary<int, long> Read(IEnumerable<AppProcess> processes) =>
        processes.DistinctBy(process => process.Pid).ToDictionary(process => process.Pid, process => Switches(process.Pid));

    /// <summary>
    /// The switches between two readings, process by process: one that started between them counts from
    /// zero, and one that ended (DCP runs short-lived commands) is left out rather than taken off.
    /// </summary>
    public static long Difference(IReadOnlyDictionary<int, long> before, IReadOnlyDictionary<int, long> after) =>
        after.Sum(process => Math.Max(0, process.Value - before.GetValueOrDefault(process.Key)));

    private static long Switches(int pid)
    {
        long switches = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
            {
                switches += TaskSwitches(Path.Combine(task, "status"));
            }
        }
        catch (IOException)
        {
            // The process has ended: what it switched is gone with it.
        }

        return switches;
    }

    private static long TaskSwitches(string statusPath)
    {
        long switches = 0;
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith(Voluntary, StringComparison.Ordinal) || line.StartsWith(Involuntary, StringComparison.Ordinal))
                {
                    switches += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The thread has ended between the listing and the reading.
        }

        return switches;
    }
}
