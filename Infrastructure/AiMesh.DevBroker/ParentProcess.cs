using System.Diagnostics.CodeAnalysis;
using AiMesh.Shared;

namespace AiMesh.DevBroker;

/// <summary>
/// The process that launched the broker, identified by pid and start time together so that a
/// pid reused by an unrelated process after the launcher died is not mistaken for the launcher.
/// </summary>
internal sealed record ParentProcess(int Pid, ulong StartTime)
{
    /// <summary>Records the identity of a running process, or returns false if there is none with that pid.</summary>
    public static bool TryAttach(int pid, [NotNullWhen(true)] out ParentProcess? parent)
    {
        parent = ProcessStat.TryRead(pid) is { IsRunning: true } stat ? new ParentProcess(pid, stat.StartTime) : null;
        return parent is not null;
    }

    public bool HasExited() => HasExited(ProcessStat.TryRead(Pid));

    /// <summary>Judges a fresh reading of the pid's stat (null when the pid is gone).</summary>
    public bool HasExited(ProcessStat? current) =>
        current is not { IsRunning: true } stat || stat.StartTime != StartTime;
}
