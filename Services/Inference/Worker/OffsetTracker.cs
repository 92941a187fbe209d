using Confluent.Kafka;

namespace AiMesh.Inference.Worker;

/// <summary>
/// Which offset each partition may commit while its messages finish in any order: the lowest one still
/// unfinished, or the highest finished plus one when none is. Everything below a stored offset is
/// finished, so a crash re-delivers only unfinished messages (and some finished after them): at least
/// once, never lost. The consume loop reports each message it starts and takes the offsets that moved
/// each turn; the processing tasks report each message that finished, from any thread.
/// </summary>
/// <remarks>
/// A partition revoked or lost is forgotten: a message of it that finishes afterwards stores nothing (the
/// partition's new owner reads it again). Should the partition come back, it is tracked afresh, and a
/// late finish from its earlier ownership is told apart by the <see cref="TrackedMessage"/> it carries.
/// </remarks>
internal sealed class OffsetTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, PartitionTrack> _partitions = [];
    private readonly HashSet<PartitionTrack> _moved = [];

    /// <summary>How many started messages have not finished, over the partitions tracked now.</summary>
    public int Unfinished
    {
        get
        {
            lock (_gate)
            {
                return _partitions.Values.Sum(track => track.Unfinished.Count);
            }
        }
    }

    /// <summary>Records that <paramref name="message"/> (its own position) is being handled.</summary>
    /// <returns>The handle to pass to <see cref="Finished"/>.</returns>
    public TrackedMessage Started(TopicPartitionOffset message)
    {
        ArgumentNullException.ThrowIfNull(message);

        lock (_gate)
        {
            if (!_partitions.TryGetValue(message.TopicPartition, out var track))
            {
                track = new PartitionTrack(message.TopicPartition);
                _partitions.Add(message.TopicPartition, track);
            }

            track.Unfinished.Add(message.Offset.Value);
            return new TrackedMessage(message, track);
        }
    }

    /// <summary>
    /// Records that the message is done with (a result acknowledged or a dead letter sent). Nothing
    /// happens when its partition has been forgotten since it started.
    /// </summary>
    public void Finished(TrackedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);

        lock (_gate)
        {
            var track = message.Track;
            if (!_partitions.TryGetValue(track.Partition, out var current) || current != track || !track.Unfinished.Remove(message.Offset))
            {
                return;
            }

            track.HighestFinished = Math.Max(track.HighestFinished, message.Offset);
            _moved.Add(track);
        }
    }

    /// <summary>
    /// The offsets to store (the next message to read, per partition) that moved past what an earlier
    /// call returned; each partition once at most.
    /// </summary>
    public IReadOnlyList<TopicPartitionOffset> TakeAdvanced()
    {
        lock (_gate)
        {
            if (_moved.Count == 0)
            {
                return [];
            }

            List<TopicPartitionOffset> advanced = [];
            foreach (var track in _moved)
            {
                var storable = track.Unfinished.Count > 0 ? track.Unfinished.Min : track.HighestFinished + 1;
                if (storable > track.Taken)
                {
                    track.Taken = storable;
                    advanced.Add(new TopicPartitionOffset(track.Partition, storable));
                }
            }

            _moved.Clear();
            return advanced;
        }
    }

    /// <summary>Stops tracking <paramref name="partitions"/> (revoked or lost): their messages store nothing any more.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);

        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                if (_partitions.Remove(partition, out var track))
                {
                    _moved.Remove(track);
                }
            }
        }
    }

    /// <summary>Stops tracking every partition: the consumer has closed.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _partitions.Clear();
            _moved.Clear();
        }
    }

    /// <summary>One partition's messages in flight during one ownership of it.</summary>
    internal sealed class PartitionTrack(TopicPartition partition)
    {
        public TopicPartition Partition { get; } = partition;

        /// <summary>Offsets started and not finished.</summary>
        public SortedSet<long> Unfinished { get; } = [];

        /// <summary>The highest offset finished, or -1.</summary>
        public long HighestFinished { get; set; } = -1;

        /// <summary>The offset <see cref="TakeAdvanced"/> last returned, or -1.</summary>
        public long Taken { get; set; } = -1;
    }
}
