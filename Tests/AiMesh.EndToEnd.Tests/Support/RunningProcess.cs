using AiMesh.Shared;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>One process of the application, named by pid and start time so a reused pid is not mistaken for it.</summary>
internal sealed record RunningProcess(string Replica, int Pid, ulong StartTicks)
{
    public bool IsAlive => ProcessStat.TryRead(Pid) is { IsRunning: true } stat && stat.StartTime == StartTicks;

    public override string ToString() => $"{Replica} (pid {Pid})";

    /// <summary>The processes still alive once <paramref name="grace"/> has passed (or sooner, when none is).</summary>
    public static async Task<IReadOnlyList<RunningProcess>> StillAliveAfterAsync(IReadOnlyList<RunningProcess> processes, TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        while (processes.Any(process => process.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return [.. processes.Where(process => process.IsAlive)];
    }
}
