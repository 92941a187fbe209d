using AiMesh.Benchmarks.Alone;
using AiMesh.Benchmarks.Load;
using AiMesh.Benchmarks.Pipeline;

namespace AiMesh.Benchmarks.Reporting;

/// <summary>The run's figures as <c>name: value</c> pairs, the targets' first, in the order the report ends with.</summary>
internal static class BenchmarkFigures
{
    public static IReadOnlyList<(string Name, double Value)> From(LoadStats anchor, PipelineRun run, ModelAloneResult modelAlone)
    {
        var fastCompleted = run.Fast.CompletedPerSecond ?? 0;
        var accurateCompleted = run.Accurate.CompletedPerSecond ?? 0;
        return
        [
            ("anchor_post_per_s", anchor.AcceptedPerSecond),
            ("fast_completed_per_s", fastCompleted),
            ("fast_ratio_to_anchor", fastCompleted / anchor.AcceptedPerSecond),
            ("fast_p99_ms_at_half_load", run.HalfLoad.ResultLatency.P99),
            ("ingest_p99_ms_at_half_load", run.HalfLoad.PostLatency.P99),
            ("accurate_completed_per_s", accurateCompleted),
            ("accurate_model_alone_per_s", modelAlone.TextsPerSecond),
            ("accurate_ratio_to_model", accurateCompleted / modelAlone.TextsPerSecond),
            ("whole_app_rss_mib", run.Memory.Sum(resource => resource.RssMebibytes)),
            ("lost", run.Delivery.Lost),
            ("duplicated", run.Delivery.Duplicated),
            ("half_load_per_s", run.HalfLoad.AcceptedPerSecond),
            ("fast_p50_ms_at_half_load", run.HalfLoad.ResultLatency.P50),
            ("ingest_p50_ms_at_half_load", run.HalfLoad.PostLatency.P50),
            ("sent_late_p99_ms_at_half_load", run.HalfLoad.SentLate.P99),
            ("fast_p99_ms_at_full_load", run.Fast.ResultLatency.P99),
            ("accurate_p99_ms_at_full_load", run.Accurate.ResultLatency.P99),
            // What a text costs the whole machine (the load generator included) as fewer texts share each
            // wake-up: half load's cores busy follow from these.
            ("cpu_ms_per_text_at_full_load", run.Fast.CpuMillisecondsPerText),
            ("cpu_ms_per_text_at_half_load", run.HalfLoad.CpuMillisecondsPerText),
            ("cpu_ms_per_text_at_trickle", run.Trickle.CpuMillisecondsPerText),
            ("cores_busy_at_half_load", run.HalfLoad.CoresBusy),
            ("trickle_per_s", run.Trickle.AcceptedPerSecond),
            ("thread_switches_per_text_at_full_load", run.Fast.ThreadSwitchesPerText),
            ("thread_switches_per_text_at_trickle", run.Trickle.ThreadSwitchesPerText),
            // Sent, not scheduled: beyond OpenLoop.MaxOutstanding waiting POSTs a due text is not sent.
            ("burst_sent_per_s", run.Burst.Sent / run.Burst.Seconds),
            ("burst_not_sent", run.Burst.Skipped),
            ("burst_accepted_per_s", run.Burst.AcceptedPerSecond),
            ("burst_refused_429", run.Burst.Refused),
            ("burst_failed_other", run.Burst.Failed),
            ("whole_app_rss_peak_mib", run.PeakMemoryMebibytes),
            ("accepted_total", run.Delivery.Accepted),
        ];
    }
}
