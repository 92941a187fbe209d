using System.Globalization;
using AiMesh.Benchmarks.Load;
using AiMesh.Benchmarks.Processes;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Reporting;

/// <summary>Writes the benchmark's figures as plain text, one block per pass, then the memory table.</summary>
internal sealed class ReportPrinter(TextWriter output)
{
    public void PrintHeader(BenchmarkOptions options)
    {
        Line($"AiMesh pipeline benchmark");
        Line($"machine      {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Line($"settings     {options.Texts} texts a pass, {options.Concurrency} concurrent senders, {options.Warmup} warm-up texts");
        Line($"projects     launched {(options.DotnetRunLaunch ? "through Aspire's dotnet run --no-build wrapper" : "straight from their build output")}");
        Line($"starting the whole model (every resource healthy, Inference owning all partitions)...");
    }

    public void PrintStage(string stage) => Line($"  {stage}");

    public void PrintPass(string title, PassResult pass)
    {
        Line();
        Line($"{title}");
        Line($"  sent         {pass.Sent} ({pass.Rejected} rejected, {pass.Missing} results missing)");
        Line($"  accepted/s   {pass.AcceptedPerSecond,8:F0}   (ingest POSTs answered 202)");
        Line($"  completed/s  {pass.CompletedPerSecond,8:F0}   (results on the WebSocket, first POST to last arrival)");
        Line($"  latency ms   {Percentiles(pass.Latency)}   (POST start to WebSocket arrival)");
        Line($"    of which   {Percentiles(pass.ToInference)}   (accepted by Ingest to answered by Inference)");
        Line($"       and     {Percentiles(pass.AfterInference)}   (answered by Inference to WebSocket arrival)");
        Line($"  from cache   {pass.CachedShare:P1}");
        if (pass.Failure is not null)
        {
            Line($"  ERROR        {pass.Failure}");
        }
    }

    public void PrintMemory(IReadOnlyList<ResourceMemory> memory)
    {
        Line();
        Line($"Memory of the whole application, orchestration included (resident set, after both passes)");
        Line($"  {"resource or process",-22} {"processes",9} {"RSS MiB",9}");
        foreach (var resource in memory.OrderByDescending(r => r.RssMebibytes))
        {
            Line($"  {resource.Resource,-22} {resource.Processes,9} {resource.RssMebibytes,9:F1}");
        }

        Line($"  {"total",-22} {memory.Sum(r => r.Processes),9} {memory.Sum(r => r.RssMebibytes),9:F1}");
    }

    public void PrintLeftRunning(IReadOnlyList<AppProcess> leftRunning)
    {
        Line();
        if (leftRunning.Count == 0)
        {
            Line($"Stopped: no process of the application is left running.");
        }
        else
        {
            Line($"ERROR: still running after stop: {string.Join(", ", leftRunning.Select(p => $"{p.Replica} (pid {p.Pid})"))}");
        }
    }

    private static FormattableString Percentiles(LatencySummary latency) =>
        $"p50 {latency.P50,6:F0}  p90 {latency.P90,6:F0}  p99 {latency.P99,6:F0}  max {latency.Max,6:F0}";

    private void Line() => output.WriteLine();

    // Figures print the same on every machine, whatever its culture.
    private void Line(FormattableString text) => output.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
