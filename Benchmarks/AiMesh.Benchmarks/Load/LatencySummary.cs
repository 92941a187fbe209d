namespace AiMesh.Benchmarks.Load;

/// <summary>Percentiles of a set of latencies, in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double Max)
{
    public static LatencySummary From(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? new LatencySummary(double.NaN, double.NaN, double.NaN, double.NaN)
            : new LatencySummary(Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99), sorted[^1]);
    }

    // Nearest rank: the smallest value that at least the given share of samples does not exceed.
    private static double Percentile(double[] sorted, double share) =>
        sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Length) - 1)];
}
