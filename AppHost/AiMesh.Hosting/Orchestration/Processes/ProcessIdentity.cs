using System.Diagnostics;
using AiMesh.Shared;

namespace AiMesh.Hosting.Orchestration.Processes;

/// <summary>
/// A process named by its pid AND its start time (clock ticks since boot, from /proc), so that a
/// recycled pid is never mistaken for a process the AppHost started.
/// </summary>
internal sealed record ProcessIdentity(int Pid, long StartTicks)
{
    public static ProcessIdentity? TryGet(int pid) => TryReadStartTicks(pid) is { } ticks ? new ProcessIdentity(pid, ticks) : null;

    public static ProcessIdentity Current { get; } = TryGet(Environment.ProcessId) ?? new ProcessIdentity(Environment.ProcessId, 0);

    /// <summary>Whether this very process (same pid, same start time) still runs; a zombie has ended.</summary>
    public bool IsAlive => ProcessStat.TryRead(Pid) is { IsRunning: true } stat && (long)stat.StartTime == StartTicks;

    /// <summary>Field 22 of /proc/PID/stat; the command name in field 2 may hold spaces and parentheses.</summary>
    internal static long? ParseStartTicks(string stat) => ProcessStat.TryParse(stat, out var parsed) ? (long)parsed.StartTime : null;

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

    private static long? TryReadStartTicks(int pid) => ProcessStat.TryRead(pid) is { } stat ? (long)stat.StartTime : null;
}
