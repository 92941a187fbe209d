using AiMesh.Shared;

namespace AiMesh.Benchmarks.Processes;

/// <summary>One process of the application, named by pid and start time so a reused pid is not mistaken for it.</summary>
internal sealed record AppProcess(string Resource, string Replica, int Pid, ulong StartTicks)
{
    public bool IsAlive => ProcessStat.TryRead(Pid) is { IsRunning: true } stat && stat.StartTime == StartTicks;

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
