using System.Diagnostics.Metrics;
using AiMesh.ServiceDefaults.Telemetry;

namespace AiMesh.Inference.Telemetry;

/// <summary>
/// The <c>AiMesh.Inference</c> meter, plus running totals of the same counts for <c>/api/status</c>.
/// </summary>
internal sealed class InferenceMetrics
{
    public static readonly string MeterName = AiMeshTelemetry.SourceName("Inference");

    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _cacheSkipped;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _chunksDropped;
    private readonly Histogram<int> _aiBatchSize;
    private long _processedTotal;
    private long _cacheHitsTotal;
    private long _cacheMissesTotal;

    public InferenceMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        var meter = meterFactory.Create(MeterName);
        _cacheHits = meter.CreateCounter<long>("aimesh.inference.cache.hits", "{message}", "Messages answered from the Redis cache.");
        _cacheMisses = meter.CreateCounter<long>("aimesh.inference.cache.misses", "{message}", "Messages answered by the Ai service.");
        _cacheSkipped = meter.CreateCounter<long>(
            "aimesh.inference.cache.skipped",
            "{call}",
            "Redis calls not made because the cache circuit breaker is open, by operation (read, write).");
        _processed = meter.CreateCounter<long>("aimesh.inference.processed", "{message}", "Results acknowledged by Kafka.");
        _failures = meter.CreateCounter<long>("aimesh.inference.failures", "{failure}", "Failed attempts, by reason (dead letters are counted by aimesh.kafka.dead_letters).");
        _duration = meter.CreateHistogram<double>(
            "aimesh.inference.processing.duration",
            "s",
            "From taking a message off data-topic to Kafka's acknowledgement of its result, retries included.");
        _chunksDropped = meter.CreateCounter<long>(
            "aimesh.inference.answer.chunks.dropped",
            "{chunk}",
            "Pieces of LLM answers that did not reach answer-topic (the whole answers still went to result-topic).");
        _aiBatchSize = meter.CreateHistogram<int>(
            "aimesh.inference.ai.batch.size",
            "{text}",
            "Texts per POST /api/infer/batch: how much the dynamic batching gathers.");
    }

    public long ProcessedTotal => Interlocked.Read(ref _processedTotal);

    public long CacheHitsTotal => Interlocked.Read(ref _cacheHitsTotal);

    public long CacheMissesTotal => Interlocked.Read(ref _cacheMissesTotal);

    /// <summary>One message's result was acknowledged.</summary>
    public void Processed(bool cached, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("cached", cached);
        _processed.Add(1, tag);
        _duration.Record(duration.TotalSeconds, tag);
        Interlocked.Increment(ref _processedTotal);
        if (cached)
        {
            _cacheHits.Add(1);
            Interlocked.Increment(ref _cacheHitsTotal);
        }
        else
        {
            _cacheMisses.Add(1);
            Interlocked.Increment(ref _cacheMissesTotal);
        }
    }

    /// <summary>One cache call (<paramref name="operation"/> <c>read</c> or <c>write</c>) left Redis alone because the breaker is open.</summary>
    public void CacheSkipped(string operation) => _cacheSkipped.Add(1, new KeyValuePair<string, object?>("operation", operation));

    /// <summary>One piece of an LLM answer did not reach answer-topic.</summary>
    public void ChunkDropped() => _chunksDropped.Add(1);

    /// <summary>One batch of <paramref name="size"/> texts went to the Ai service.</summary>
    public void AiBatchSent(int size) => _aiBatchSize.Record(size);

    /// <summary>One attempt failed; <paramref name="reason"/> is one of <see cref="FailureReasons"/>.</summary>
    public void Failed(string reason) => _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
