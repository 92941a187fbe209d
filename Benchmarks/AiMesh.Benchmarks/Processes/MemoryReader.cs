using System.Globalization;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Processes;

/// <summary>Reads each process's resident set size (<c>VmRSS</c> in <c>/proc/PID/status</c>) and sums it per resource.</summary>
internal static class MemoryReader
{
    public static IReadOnlyList<ResourceMemory> Read(IEnumerable<AppProcess> processes) =>
        [.. processes
            .GroupBy(process => process.Resource)
            .Select(resource => new ResourceMemory(
                resource.Key,
                resource.Count(),
                resource.Sum(process => ResidentKibibytes(process.Pid) ?? 0) / 1024.0))];

    private static long? ResidentKibibytes(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        // The line reads "VmRSS:     123456 kB".
        var rss = lines.FirstOrDefault(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        return rss is null ? null : long.Parse(rss["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
