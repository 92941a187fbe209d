using System.Globalization;

namespace AiMesh.Shared;

/// <summary>A snapshot of every live process on the machine, by pid, from <c>/proc</c>.</summary>
internal static class ProcessTable
{
    public static IReadOnlyDictionary<int, ProcessStat> Read()
    {
        var table = new Dictionary<int, ProcessStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcessStat.TryRead(pid) is { IsRunning: true } stat)
            {
                table[pid] = stat;
            }
        }

        return table;
    }

    /// <summary>The live processes whose parent is <paramref name="parent"/>.</summary>
    public static IEnumerable<int> ChildrenOf(int parent) =>
        Read().Where(entry => entry.Value.ParentPid == parent).Select(entry => entry.Key);
}
