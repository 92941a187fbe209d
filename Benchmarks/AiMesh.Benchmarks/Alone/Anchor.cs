using AiMesh.Benchmarks.Load;
using AiMesh.Benchmarks.Processes;

namespace AiMesh.Benchmarks.Alone;

/// <summary>
/// The anchor: the same JSON POST, the same load generator, answered 202 by a bare Kestrel minimal API
/// (Benchmarks/AiMesh.Anchor) alone on the machine. The better of a small and a large number of senders
/// counts, so the pipeline is compared with the most the front door alone can do.
/// </summary>
internal static class Anchor
{
    public const int FewSenders = 64;

    private static readonly TimeSpan s_warmup = TimeSpan.FromSeconds(3);

    public static async Task<LoadStats> MeasureAsync(BenchmarkOptions options)
    {
        await using var anchor = await ServiceProcess.StartAsync(BenchmarkProjects.AnchorAssembly, "/health");
        using var door = new FrontDoor(anchor.Address, Math.Max(FewSenders, options.Senders));
        var texts = new BenchmarkTexts();

        await ClosedLoop.RunAsync("anchor warm-up", door, feed: null, texts, BenchmarkModels.Fast, FewSenders, s_warmup);
        var few = await ClosedLoop.RunAsync("Anchor (bare Kestrel, 202)", door, feed: null, texts, BenchmarkModels.Fast, FewSenders, options.Duration);
        var many = await ClosedLoop.RunAsync("Anchor (bare Kestrel, 202)", door, feed: null, texts, BenchmarkModels.Fast, options.Senders, options.Duration);
        return few.AcceptedPerSecond >= many.AcceptedPerSecond ? few : many;
    }
}
