using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Inference.Worker;

/// <summary>
/// The data-topic partitions this replica's consumer owns right now, kept current by the consumer's
/// rebalance callbacks (which run on the consume thread) and read by <c>/api/status</c>. Assignments and
/// revocations are applied as deltas, so this is right for eager and cooperative assignors alike.
/// </summary>
internal sealed class PartitionAssignments
{
    private readonly Lock _gate = new();
    private readonly SortedSet<int> _partitions = [];
    private int _version;

    /// <summary>Changes whenever the assignment does, so the consume loop can tell cheaply that it has.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>The partition numbers, ascending.</summary>
    public IReadOnlyList<int> Current
    {
        get
        {
            lock (_gate)
            {
                return [.. _partitions];
            }
        }
    }

    public void Assigned(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var partition in partitions.Where(IsDataTopic))
            {
                _partitions.Add(partition.Partition.Value);
            }

            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>Revoked (handed to another member) or lost (the group moved on without this member).</summary>
    public void Removed(IEnumerable<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var partition in partitions.Where(IsDataTopic))
            {
                _partitions.Remove(partition.Partition.Value);
            }

            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>The consumer left the group (closed): it owns nothing.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _partitions.Clear();
            Interlocked.Increment(ref _version);
        }
    }

    private static bool IsDataTopic(TopicPartition partition) => partition.Topic == Topics.Data;
}
