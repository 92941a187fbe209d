using AiMesh.Benchmarks;
using AiMesh.Benchmarks.Alone;
using AiMesh.Benchmarks.Pipeline;
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

// 1. The anchor and the accurate model alone, each on a quiet machine before the app starts.
report.PrintStage("the anchor: a bare Kestrel minimal API answering 202");
var anchor = await Anchor.MeasureAsync(options);
report.PrintStage($"the accurate model alone in one Ai process ({BenchmarkModels.Accurate})");
var modelAlone = await ModelAlone.MeasureAsync(BenchmarkProjects.AiAssembly, BenchmarkModels.Accurate, options.Duration);

// 2. The whole application, every pass through Ingest, timed to the result's push.
report.PrintStage("starting the whole application (every resource healthy, Inference owning all partitions)");
PipelineRun run;
IReadOnlyList<AppProcess> processes;
await using (var pipeline = await WholeApp.StartAsync(withDashboard: true, options.AppHostSettings))
{
    run = await PipelineRun.RunAsync(pipeline, options, report);
    processes = ApplicationProcesses.Find(pipeline.Processes());
    report.PrintStage("stopping the application");
}

// This process hosted the AppHost: everything else must be gone.
var leftRunning = await AppProcess.StillAliveAfterAsync([.. processes.Where(process => process.Pid != Environment.ProcessId)], TimeSpan.FromSeconds(15));

report.PrintPass(anchor);
foreach (var pass in run.Passes)
{
    report.PrintPass(pass);
}

report.PrintModelAlone(modelAlone);
report.PrintMemory(run.Memory, run.PeakMemoryMebibytes);
report.PrintDelivery(run.Delivery);
report.PrintLeftRunning(leftRunning);
report.PrintFigures(BenchmarkFigures.From(anchor, run, modelAlone));

return run.Delivery.Lost == 0 && run.Delivery.Duplicated == 0 && leftRunning.Count == 0 ? 0 : 1;
