using AiMesh.Contracts;

namespace AiMesh.Ingest.Backpressure;

/// <summary>
/// When Ingest stops taking texts because the pipeline has fallen behind, bound from
/// <c>Ingest:Backpressure</c> (environment <c>Ingest__Backpressure__MaxLag</c>, …) and checked at startup by
/// <see cref="BackpressureOptionsValidator"/>. The lag is the count of messages the pipeline's consumer
/// groups have not yet committed on their topics (see <see cref="PipelineStage"/>).
/// </summary>
public sealed class BackpressureOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = IngestOptions.SectionName + ":Backpressure";

    /// <summary>The share of <see cref="MaxLag"/> that <see cref="ResumeLag"/> defaults to.</summary>
    public const double DefaultResumeShare = 0.75;

    /// <summary>
    /// The most messages the pipeline may lag behind, summed over its stages, before texts are refused with
    /// 429. The dev broker keeps only about 5 MiB or 100,000 batches a partition and silently drops older
    /// messages, so with 8 partitions a topic the default of 20,000 small texts stays far below what it can
    /// hold; a front door that accepted more would only grow queues.
    /// </summary>
    public long MaxLag { get; set; } = 20_000;

    /// <summary>
    /// Once refusing, texts are accepted again only when the lag is at or below this, so that the answer
    /// does not flip between 429 and 202 on every reading near the bound. Default: 75% of
    /// <see cref="MaxLag"/> (see <see cref="ResumeLagOrDefault"/>).
    /// </summary>
    public long? ResumeLag { get; set; }

    /// <summary>
    /// How often the lag is read from Kafka. The consumers commit every quarter second, so a reading is at
    /// most about a quarter second plus this old. Default 500 ms.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The consumer group of Inference, which reads <see cref="Topics.Data"/>. Default <see cref="ConsumerGroups.Inference"/>.</summary>
    public string InferenceGroup { get; set; } = ConsumerGroups.Inference;

    /// <summary>The consumer group of Results, which reads <see cref="Topics.Results"/>. Default <see cref="ConsumerGroups.Results"/>.</summary>
    public string ResultsGroup { get; set; } = ConsumerGroups.Results;

    /// <summary>The resume level in force: <see cref="ResumeLag"/> when set, else 75% of <see cref="MaxLag"/>.</summary>
    public long ResumeLagOrDefault => ResumeLag ?? (long)Math.Floor(MaxLag * DefaultResumeShare);
}
