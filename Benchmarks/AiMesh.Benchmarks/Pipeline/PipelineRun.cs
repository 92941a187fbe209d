using System.Diagnostics;
using AiMesh.Benchmarks.Load;
using AiMesh.Benchmarks.Processes;
using AiMesh.Benchmarks.Reporting;
using AiMesh.Benchmarks.Verification;
using AiMesh.Tests;

namespace AiMesh.Benchmarks.Pipeline;

/// <summary>
/// The passes through the running application, in order: the fast model at full load (closed loop),
/// at half that rate (open loop, after a few seconds at that rate that are not measured), at a trickle
/// (open loop, what a text costs when few share each wake-up), a burst far
/// above capacity (open loop: Ingest must refuse with 429 rather than queue without bound), and the
/// accurate model at full load; then memory, and whether every accepted text became exactly one row
/// and one push.
/// </summary>
internal sealed record PipelineRun(
    IReadOnlyList<LoadStats> Passes,
    LoadStats Fast,
    LoadStats HalfLoad,
    LoadStats Trickle,
    LoadStats Burst,
    LoadStats Accurate,
    IReadOnlyList<ResourceMemory> Memory,
    double PeakMemoryMebibytes,
    DeliveryOutcome Delivery)
{
    private static readonly TimeSpan s_warmup = TimeSpan.FromSeconds(5);
    // The first pass also lets a dozen freshly started .NET processes finish compiling their hot paths: at
    // 25 s into the load a CPU profile still found 9 % of its samples in the JIT's tiered compilation, and
    // after 30 s Inference used half the CPU a text it had used after 5. What runs once a second (metrics
    // export, Kestrel's heartbeat, Kafka's statistics) reaches its final tier only after about 60 calls:
    // the runtime's JIT events showed every service compiling 100 to 350 such methods together about a
    // minute after it started, which after 30 s of warm-up was when the half-load pass began. Few senders:
    // the JIT needs time, and every text it is given stays in Redis, PostgreSQL and the run's memory.
    private static readonly TimeSpan s_firstWarmup = TimeSpan.FromSeconds(60);
    private const int FirstWarmupSenders = 16;
    // Long enough at four times capacity for the lag to pass Ingest:Backpressure:MaxLag, so 429s show.
    private static readonly TimeSpan s_burst = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_drain = TimeSpan.FromMinutes(3);
    private const int BurstOverCapacity = 4;
    // A text at a time, as a person at the UI sends them, but enough of them to measure: each text's
    // hand-offs between threads are then its own, where at full load many texts share every wake-up.
    // Never more than a fifth of half load, on a machine slow enough for 200 a second to be much.
    private const double TrickleRate = 200;
    private static readonly TimeSpan s_trickle = TimeSpan.FromSeconds(10);

    public static async Task<PipelineRun> RunAsync(WholeApp pipeline, BenchmarkOptions options, ReportPrinter report)
    {
        var database = (await pipeline.App.GetConnectionStringAsync("aimesh"))!;
        await using var feed = await ResultsFeed.ConnectAsync(pipeline.App.GetEndpoint("results"));
        using var door = new FrontDoor(pipeline.App.GetEndpoint("ingest"), Math.Max(options.Senders, 64));
        await using var memory = new MemorySampler(pipeline);
        var texts = new BenchmarkTexts();
        var passes = new List<LoadStats>();

        report.PrintStage("warming up with the fast model");
        passes.Add(await MeasuredAsync(pipeline, () => ClosedLoop.RunAsync("Warm-up (fast model)", door, feed, texts, BenchmarkModels.Fast, FirstWarmupSenders, s_firstWarmup)));

        report.PrintStage($"fast model, full load: {options.Senders} senders, each waiting for its result");
        var fast = await MeasuredAsync(pipeline, () => ClosedLoop.RunAsync("Fast model, full load", door, feed, texts, BenchmarkModels.Fast, options.Senders, options.Duration));
        passes.Add(fast);

        // The half-load pass measures the steady state at that rate, not the full-load pass's aftermath:
        // for a few seconds after it, Inference collects the garbage of thousands of texts in flight.
        var half = Math.Max(1, (fast.CompletedPerSecond ?? 0) / 2);
        report.PrintStage($"settling at half load: {half:F0} texts/s for {s_warmup.TotalSeconds:F0} s, not measured");
        passes.Add(await MeasuredAsync(pipeline, () => OpenLoop.RunAsync("Settling (fast model, half load)", door, feed, texts, BenchmarkModels.Fast, half, s_warmup, s_drain)));

        report.PrintStage($"fast model, half load: {half:F0} texts/s on a fixed schedule");
        var halfLoad = await MeasuredAsync(pipeline, () => OpenLoop.RunAsync("Fast model, half load", door, feed, texts, BenchmarkModels.Fast, half, options.Duration, s_drain));
        passes.Add(halfLoad);

        var trickleRate = Math.Min(TrickleRate, half / 5);
        report.PrintStage($"fast model, trickle: {trickleRate:F0} texts/s on a fixed schedule");
        var trickle = await MeasuredAsync(pipeline, () => OpenLoop.RunAsync("Fast model, trickle", door, feed, texts, BenchmarkModels.Fast, trickleRate, s_trickle, s_drain));
        passes.Add(trickle);

        var burstRate = Math.Max(100, (fast.CompletedPerSecond ?? 0) * BurstOverCapacity);
        report.PrintStage($"burst: {burstRate:F0} texts/s for {s_burst.TotalSeconds:F0} s, {BurstOverCapacity}x what the pipeline completes");
        memory.Start();
        var burst = await MeasuredAsync(pipeline, () => OpenLoop.RunAsync("Burst (fast model)", door, feed, texts, BenchmarkModels.Fast, burstRate, s_burst, s_drain));
        await memory.StopAsync();
        passes.Add(burst);

        report.PrintStage("warming up with the accurate model");
        passes.Add(await MeasuredAsync(pipeline, () => ClosedLoop.RunAsync("Warm-up (accurate model)", door, feed, texts, BenchmarkModels.AccurateRequested, 64, s_warmup)));

        report.PrintStage($"accurate model, full load: {options.Senders} senders, each waiting for its result");
        var accurate = await MeasuredAsync(pipeline, () => ClosedLoop.RunAsync("Accurate model, full load", door, feed, texts, BenchmarkModels.AccurateRequested, options.Senders, options.Duration));
        passes.Add(accurate);

        // This process is the AppHost and the load generator too, and by now the generator's garbage (the
        // answers and samples of every text sent) is most of its heap: collected, it does not count as the
        // application's memory. What is still in use (every accepted id, every arrival) still counts.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var atEnd = MemoryReader.Read(ApplicationProcesses.Find(pipeline.Processes()));
        report.PrintStage("checking that every accepted text became one row and one push");
        var delivery = await DeliveryCheck.RunAsync([.. passes.SelectMany(pass => pass.AcceptedIds)], feed, database, s_drain);
        return new PipelineRun(passes, fast, halfLoad, trickle, burst, accurate, atEnd, Math.Max(memory.PeakMebibytes, atEnd.Sum(r => r.RssMebibytes)), delivery);
    }

    /// <summary>
    /// Runs a pass and notes the CPU each resource used meanwhile (the load generator counts under apphost)
    /// and the application's thread switches.
    /// </summary>
    private static async Task<LoadStats> MeasuredAsync(WholeApp pipeline, Func<Task<LoadStats>> pass)
    {
        var processes = ApplicationProcesses.Find(pipeline.Processes());
        var before = CpuReader.Read(processes);
        var switchesBefore = ThreadSwitchReader.Read(processes);
        var started = Stopwatch.GetTimestamp();
        var stats = await pass();
        processes = ApplicationProcesses.Find(pipeline.Processes());
        var after = CpuReader.Read(processes);
        return stats with
        {
            Cpu = CpuReader.Difference(before, after),
            CpuWindowSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
            ThreadSwitches = ThreadSwitchReader.Difference(switchesBefore, ThreadSwitchReader.Read(processes)),
        };
    }
}
