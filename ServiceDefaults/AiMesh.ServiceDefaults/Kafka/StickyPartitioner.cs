using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// Places every message sent within one short window on the same partition, then moves on to the next
/// (KIP-480's sticky partitioning, which librdkafka applies only to messages without a key). For topics
/// whose keys name a message rather than order a stream, such as an id that occurs once: the key stays on
/// the message, but does not choose its partition.
/// </summary>
/// <remarks>
/// Hashing such keys spreads each linger window's messages over every partition, so each batch holds a
/// few messages; a broker stores and serves a batch per request and partition whatever its size (the
/// librdkafka mock serves one batch per partition per fetch), so small batches cost requests on every
/// hop. One partition a window makes one large batch instead, and rotating through the partitions keeps
/// them evenly loaded over time.
/// </remarks>
public sealed class StickyPartitioner
{
    private readonly TimeProvider _timeProvider;
    private readonly long _windowTicks;
    private long _windowEnds;
    private int _next;
    private int _current;

    /// <param name="window">How long messages keep to one partition.</param>
    /// <param name="timeProvider">The clock the window is measured by.</param>
    public StickyPartitioner(TimeSpan window, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);

        _timeProvider = timeProvider;
        _windowTicks = (long)(window.TotalSeconds * timeProvider.TimestampFrequency);
        // Producers in different processes start on different partitions.
        _next = Random.Shared.Next();
    }

    /// <summary>Sets this partitioner for <paramref name="topic"/> on <paramref name="producer"/>.</summary>
    public static ProducerBuilder<TKey, TValue> Apply<TKey, TValue>(ProducerBuilder<TKey, TValue> producer, string topic, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(producer);

        var partitioner = new StickyPartitioner(window, TimeProvider.System);
        return producer.SetPartitioner(topic, (_, partitionCount, _, _) => partitioner.Partition(partitionCount));
    }

    /// <summary>The partition of a message sent now, of a topic with <paramref name="partitionCount"/> partitions.</summary>
    public Partition Partition(int partitionCount)
    {
        var now = _timeProvider.GetTimestamp();
        if (now >= Volatile.Read(ref _windowEnds))
        {
            // Only the caller that moves the window's end on picks the next partition; the others that saw
            // it expire at the same moment keep the current one.
            var ends = Volatile.Read(ref _windowEnds);
            if (now >= ends && Interlocked.CompareExchange(ref _windowEnds, now + _windowTicks, ends) == ends)
            {
                Volatile.Write(ref _current, Interlocked.Increment(ref _next));
            }
        }

        return new Partition((int)((uint)Volatile.Read(ref _current) % (uint)partitionCount));
    }
}
