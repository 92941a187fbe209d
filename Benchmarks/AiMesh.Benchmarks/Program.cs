using AiMesh.Benchmarks;
using AiMesh.Benchmarks.Load;
using AiMesh.Benchmarks.Processes;
using AiMesh.Benchmarks.Reporting;
using AiMesh.Tests;

if (!BenchmarkOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

var report = new ReportPrinter(Console.Out);
report.PrintHeader(options);

PassResult warmup, cold, warm;
IReadOnlyList<ResourceMemory> memory;
IReadOnlyList<AppProcess> processes;
await using (var pipeline = await WholeApp.StartAsync(withDashboard: true, options.AppHostSettings))
{
    await using var feed = await ResultsFeed.ConnectAsync(pipeline.App.GetEndpoint("results"));
    using var driver = new LoadDriver(pipeline.App.GetEndpoint("ingest"), feed, options.Concurrency);
    report.PrintStage("ready; warming up");
    warmup = await driver.RunPassAsync(BenchmarkTexts.Create(options.Warmup, prefix: "Warm-up"));

    var texts = BenchmarkTexts.Create(options.Texts, prefix: "Review");
    report.PrintStage("pass 1 (cold cache)");
    cold = await driver.RunPassAsync(texts);
    report.PrintStage("pass 2 (warm cache)");
    warm = await driver.RunPassAsync(texts);

    processes = ApplicationProcesses.Find(pipeline.Processes());
    memory = MemoryReader.Read(processes);
    report.PrintStage("stopping the model");
}

if (warmup.Failure is not null)
{
    report.PrintPass("Warm-up", warmup);
}

report.PrintPass("Pass 1 (cold cache)", cold);
report.PrintPass("Pass 2 (warm cache)", warm);
report.PrintMemory(memory);

// This process hosted the AppHost: everything else must be gone.
var leftRunning = await AppProcess.StillAliveAfterAsync([.. processes.Where(process => process.Pid != Environment.ProcessId)], TimeSpan.FromSeconds(15));
report.PrintLeftRunning(leftRunning);

return new[] { warmup, cold, warm }.All(pass => pass.Failure is null) && leftRunning.Count == 0 ? 0 : 1;
