using System.Globalization;
using AiMesh.Benchmarks.Alone;
using AiMesh.Benchmarks.Load;
using AiMesh.Benchmarks.Processes;
using AiMesh.Benchmarks.Verification;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Reporting;

/// <summary>
/// Writes the benchmark's figures as plain text: a block per pass, the model alone, memory, delivery,
/// then one <c>name: value</c> line per figure for scripts to read.
/// </summary>
internal sealed class ReportPrinter(TextWriter output)
{
    public void PrintHeader(BenchmarkOptions options)
    {
        Line($"AiMesh pipeline benchmark");
        Line($"machine      {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Line($"settings     {options.Duration.TotalSeconds:F0} s a measured pass, {options.Senders} senders in the closed loops");
        Line($"projects     launched {(options.DotnetRunLaunch ? "through Aspire's dotnet run --no-build wrapper" : "straight from their build output")}");
    }

    public void PrintStage(string stage) => Line($"  {DateTime.Now:HH:mm:ss} {stage}");

    public void PrintPass(LoadStats pass)
    {
        Line();
        Line($"{pass.Name} ({pass.Load}, {pass.Seconds:F1} s)");
        Line($"  sent         {pass.Sent} ({pass.AcceptedIds.Count} accepted, {pass.Refused} refused with 429, {pass.Failed} failed otherwise, {pass.Skipped} not sent in time)");
        Line($"  accepted/s   {pass.AcceptedPerSecond,8:F0}   (POSTs answered 202 within the pass)");
        if (pass.CompletedPerSecond is { } completed)
        {
            Line($"  completed/s  {completed,8:F0}   (results pushed on the WebSocket within the pass; {pass.Missing} never came)");
        }

        Line($"  POST ms      {Percentiles(pass.PostLatency)}   (POST due to 202)");
        if (!double.IsNaN(pass.SentLate.Max))
        {
            Line($"    of which   {Percentiles(pass.SentLate)}   (POST due to the POST sent: the load generator's lateness)");
        }

        if (pass.CompletedPerSecond is not null)
        {
            Line($"  result ms    {Percentiles(pass.ResultLatency)}   (POST due to the push on the WebSocket)");
            Line($"    of which   {Percentiles(pass.ToInference)}   (accepted by Ingest to answered by Inference)");
            Line($"       and     {Percentiles(pass.AfterInference)}   (answered by Inference to the push)");
        }

        if (pass.Cpu.Count > 0)
        {
            var texts = Math.Max(1, pass.AcceptedIds.Count);
            Line($"  CPU          {pass.CoresBusy:F2} cores busy, {pass.ThreadSwitchesPerText:F0} thread switches a text; ms a text: {string.Join(", ", pass.Cpu.Where(r => r.Seconds > 0).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Resource} {r.Seconds * 1000 / texts:F3}")))}");
        }

        if (pass.FirstError is not null)
        {
            Line($"  first error  {Shorten(pass.FirstError)}");
        }
    }

    public void PrintModelAlone(ModelAloneResult model)
    {
        Line();
        Line($"The accurate model alone ('{model.Model}' in one Ai process, best of batch sizes and callers: batches of {model.BatchSize}, {model.Callers} concurrent callers)");
        Line($"  texts/s      {model.TextsPerSecond,8:F0}");
    }

    public void PrintMemory(IReadOnlyList<ResourceMemory> memory, double peakMebibytes)
    {
        Line();
        Line($"Memory of the whole application, orchestration included (resident set, after the passes)");
        Line($"  {"resource or process",-22} {"processes",9} {"RSS MiB",9}");
        foreach (var resource in memory.OrderByDescending(r => r.RssMebibytes))
        {
            Line($"  {resource.Resource,-22} {resource.Processes,9} {resource.RssMebibytes,9:F1}");
        }

        Line($"  {"total",-22} {memory.Sum(r => r.Processes),9} {memory.Sum(r => r.RssMebibytes),9:F1}");
        Line($"  {"peak (sampled)",-22} {"",9} {peakMebibytes,9:F1}");
    }

    public void PrintDelivery(DeliveryOutcome delivery)
    {
        Line();
        Line($"Delivery: {delivery.Accepted} texts accepted, {delivery.Stored} stored; {delivery.WithoutRow} without a row, {delivery.WithoutPush} without a push; {delivery.Lost} lost, {delivery.Duplicated} duplicated");
        if (delivery.FeedFailure is not null)
        {
            Line($"The results feed stopped before the end: {delivery.FeedFailure}");
        }
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

    public void PrintFigures(IReadOnlyList<(string Name, double Value)> figures)
    {
        Line();
        foreach (var (name, value) in figures)
        {
            Line($"{name}: {Figure(value)}");
        }
    }

    private static string Figure(double value) =>
        double.IsNaN(value) ? "n/a"
        : value == Math.Floor(value) ? value.ToString("F0", CultureInfo.InvariantCulture)
        : Math.Abs(value) < 10 ? value.ToString("F3", CultureInfo.InvariantCulture)
        : value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");

    private static FormattableString Percentiles(LatencySummary latency) =>
        $"p50 {latency.P50,7:F1}  p90 {latency.P90,7:F1}  p99 {latency.P99,7:F1}  max {latency.Max,7:F1}";

    private void Line() => output.WriteLine();

    // Figures print the same on every machine, whatever its culture.
    private void Line(FormattableString text) => output.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
