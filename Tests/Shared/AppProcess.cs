using AiMesh.Shared;

namespace AiMesh.Tests;

/// <summary>
/// One process of a running model, named by pid and start time so a reused pid is not mistaken for it.
/// Linked, with the /proc reader it needs, into the end-to-end tests and the pipeline benchmark.
/// </summary>
internal sealed record AppProcess(string Resource, string Replica, int Pid, ulong StartTicks)
{
    public bool IsAlive => ProcessStat.TryRead(Pid) is { IsRunning: true } stat && stat.StartTime == StartTicks;

    /// <summary>Kills this process with SIGKILL, as a crash or the OOM killer would; false when it is already gone.</summary>
    public bool Kill()
    {
        if (!IsAlive)
        {
            return false;
        }

        using var process = System.Diagnostics.Process.GetProcessById(Pid);
        process.Kill();
        return true;
    }

    public override string ToString() => $"{Replica} (pid {Pid})";

    /// <summary>The processes still alive once <paramref name="grace"/> has passed (or sooner, when none is).</summary>
    public static async Task<IReadOnlyList<AppProcess>> StillAliveAfterAsync(IReadOnlyList<AppProcess> processes, TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        while (processes.Any(process => process.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return [.. processes.Where(process => process.IsAlive)];
    }
}
