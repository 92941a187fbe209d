using System.Diagnostics;
using System.Globalization;

namespace AiMesh.Hosting.Orchestration.Processes;

/// <summary>
/// A process named by its pid AND its start time (clock ticks since boot, from /proc), so that a
/// recycled pid is never mistaken for a process the AppHost started.
/// </summary>
internal sealed record ProcessIdentity(int Pid, long StartTicks)
{
    public static ProcessIdentity? TryGet(int pid) => TryReadStartTicks(pid) is { } ticks ? new ProcessIdentity(pid, ticks) : null;

    public static ProcessIdentity Current { get; } = TryGet(Environment.ProcessId) ?? new ProcessIdentity(Environment.ProcessId, 0);

    /// <summary>Whether this very process (same pid, same start time) still exists.</summary>
    public bool IsAlive => TryReadStartTicks(Pid) == StartTicks;

    /// <summary>Field 22 of /proc/PID/stat; the command name in field 2 may hold spaces and parentheses.</summary>
    internal static long? ParseStartTicks(string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0 || end + 2 > stat.Length)
        {
            return null;
        }

        // After ") " come fields 3 onwards; starttime is field 22, so index 19 here.
        var fields = stat[(end + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    public void KillTree()
    {
        if (!IsAlive)
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It ended on its own meanwhile.
        }
    }

    private static long? TryReadStartTicks(int pid)
    {
        try
        {
            return ParseStartTicks(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
