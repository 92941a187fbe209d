using System.Globalization;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Processes;

/// <summary>
/// Reads each process's CPU time so far (user + system, fields 14 and 15 of <c>/proc/PID/stat</c>) and
/// sums it per resource: the difference of two readings says where a pass's CPU went.
/// </summary>
internal static class CpuReader
{
    // Linux reports these fields in clock ticks of 1/100 s (USER_HZ) on every architecture .NET runs on.
    private const double TicksPerSecond = 100;
    private const int UserTimeField = 14;
    private const int SystemTimeField = 15;

    public static IReadOnlyDictionary<string, double> Read(IEnumerable<AppProcess> processes) =>
        processes
            .GroupBy(process => process.Resource)
            .ToDictionary(resource => resource.Key, resource => resource.Sum(process => CpuSeconds(process.Pid)));

    /// <summary>The CPU seconds each resource used between two readings, the busiest first.</summary>
    public static IReadOnlyList<(string Resource, double Seconds)> Difference(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        [.. after
            .Select(resource => (resource.Key, Math.Max(0, resource.Value - before.GetValueOrDefault(resource.Key))))
            .OrderByDescending(resource => resource.Item2)];

    private static double CpuSeconds(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return 0;
        }

        // Fields after the "(comm)" one, which may itself hold spaces, start at field 3.
        var fields = line[(line.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[UserTimeField - 3], CultureInfo.InvariantCulture) + long.Parse(fields[SystemTimeField - 3], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
