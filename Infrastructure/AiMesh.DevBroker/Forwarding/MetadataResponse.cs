using System.Buffers;

namespace AiMesh.DevBroker.Forwarding;

/// <summary>Reads the topic ids out of a Metadata response frame (its 4-byte size included).</summary>
internal static class MetadataResponse
{
    /// <summary>Topic ids are in Metadata from v10; librdkafka 2.16 asks its mock with v13.</summary>
    public const short FirstVersionWithTopicIds = 10;
    public const short LastVersion = 13;

    /// <summary>
    /// Teaches <paramref name="names"/> each named topic's id in the response. A version outside those
    /// read here, or a frame cut short, teaches what came before it: a fetch of a topic whose id is not
    /// known is woken by any produce to its broker, which is never wrong, only less precise.
    /// </summary>
    public static void LearnTopicIds(ReadOnlySequence<byte> frame, short version, TopicNames names)
    {
        if (version is < FirstVersionWithTopicIds or > LastVersion)
        {
            return;
        }

        // Every version read here is flexible. The size prefix, the response header (correlation_id and
        // tagged fields), throttle_time_ms, then the brokers.
        var reader = new SequenceReader<byte>(frame);
        if (!reader.TrySkip(4 + 4) || !reader.TrySkipTaggedFields() || !reader.TrySkip(4)
            || !reader.TryReadCompactLength(out var brokers))
        {
            return;
        }

        for (var broker = 0L; broker < brokers; broker++)
        {
            // node_id, host, port, rack, tagged fields.
            if (!reader.TrySkip(4) || !reader.TrySkipCompactString() || !reader.TrySkip(4)
                || !reader.TrySkipCompactString() || !reader.TrySkipTaggedFields())
            {
                return;
            }
        }

        // cluster_id, controller_id, then the topics.
        if (!reader.TrySkipCompactString() || !reader.TrySkip(4) || !reader.TryReadCompactLength(out var topics))
        {
            return;
        }

        Span<byte> id = stackalloc byte[16];
        for (var topic = 0L; topic < topics; topic++)
        {
            // error_code, name, topic_id, is_internal, partitions, topic_authorized_operations, tagged fields.
            if (!reader.TrySkip(2) || !reader.TryReadCompactString(out var name) || !reader.TryCopyTo(id)
                || !reader.TrySkip(id.Length + 1) || !TrySkipPartitions(ref reader)
                || !reader.TrySkip(4) || !reader.TrySkipTaggedFields())
            {
                return;
            }

            var topicId = new Guid(id, bigEndian: true);
            if (name is not null && topicId != Guid.Empty)
            {
                names.Learn(topicId, name);
            }
        }
    }

    private static bool TrySkipPartitions(ref SequenceReader<byte> reader)
    {
        if (!reader.TryReadCompactLength(out var partitions))
        {
            return false;
        }

        for (var partition = 0L; partition < partitions; partition++)
        {
            // error_code, partition_index, leader_id, leader_epoch, then three compact arrays of node ids
            // (replicas, in-sync replicas, offline replicas) and tagged fields.
            if (!reader.TrySkip(2 + 4 + 4 + 4)
                || !TrySkipNodeIds(ref reader) || !TrySkipNodeIds(ref reader) || !TrySkipNodeIds(ref reader)
                || !reader.TrySkipTaggedFields())
            {
                return false;
            }
        }

        return true;
    }

    private static bool TrySkipNodeIds(ref SequenceReader<byte> reader) =>
        reader.TryReadCompactLength(out var count) && (count < 0 || reader.TrySkip(count * 4));
}
