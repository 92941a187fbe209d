using System.Buffers;

namespace AiMesh.DevBroker.Forwarding;

/// <summary>
/// What the forwarder reads of a request frame (its 4-byte size included): the request type, version
/// and correlation id that every request header starts with, and for a Fetch or a Produce its wait or
/// acks and the partitions it reads or writes. librdkafka 2.16 fetches from its mock with Fetch v16;
/// the versions it reads are those whose layout is known here, up to <see cref="LastFetchVersion"/>
/// and <see cref="LastProduceVersion"/>.
/// </summary>
internal readonly record struct KafkaRequest(KafkaApiKey ApiKey, short Version, int CorrelationId)
{
    public const short LastFetchVersion = 16;
    public const short LastProduceVersion = 11;

    /// <summary>The frame's size prefix, then the header's api_key, api_version and correlation_id.</summary>
    private const int FixedHeaderEnd = 4 + 2 + 2 + 4;

    /// <summary>Whether the request's header and body are of the flexible kind, with tagged fields (KIP-482).</summary>
    public bool IsFlexible => ApiKey switch
    {
        KafkaApiKey.Fetch => Version >= 12,
        KafkaApiKey.Produce => Version >= 9,
        _ => false,
    };

    public static bool TryRead(ReadOnlySequence<byte> frame, out KafkaRequest request)
    {
        var reader = new SequenceReader<byte>(frame);
        if (reader.TrySkip(4)
            && reader.TryReadBigEndian(out short apiKey)
            && reader.TryReadBigEndian(out short version)
            && reader.TryReadBigEndian(out int correlationId))
        {
            request = new KafkaRequest((KafkaApiKey)apiKey, version, correlationId);
            return true;
        }

        request = default;
        return false;
    }

    /// <summary>
    /// Where a Fetch request's max_wait_ms lies in <paramref name="frame"/>, and its value; false for a
    /// request that is not a Fetch of a version this reads, or is cut short.
    /// </summary>
    public bool TryFindFetchWait(ReadOnlySequence<byte> frame, out int offset, out int maxWaitMs)
    {
        offset = 0;
        maxWaitMs = 0;
        if (ApiKey != KafkaApiKey.Fetch || Version is < 0 or > LastFetchVersion || !TryReadBody(frame, out var body))
        {
            return false;
        }

        // Up to v14 the body starts with replica_id (int32); from v15 on, with max_wait_ms.
        if (Version <= 14 && !body.TrySkip(4))
        {
            return false;
        }

        var position = (int)body.Consumed;
        if (!body.TryReadBigEndian(out maxWaitMs))
        {
            return false;
        }

        offset = position;
        return true;
    }

    /// <summary>
    /// Whether a Produce request is answered: one with acks=0 gets no response at all. True for anything
    /// this cannot read, so that a response is expected (and a wrong guess shows as a correlation mismatch).
    /// </summary>
    public bool ExpectsResponse(ReadOnlySequence<byte> frame)
    {
        if (ApiKey != KafkaApiKey.Produce || Version is < 0 or > LastProduceVersion || !TryReadBody(frame, out var body))
        {
            return true;
        }

        // transactional_id (a nullable string, compact when flexible) comes before acks from v3 on.
        if (Version >= 3 && !(IsFlexible ? body.TrySkipCompactString() : body.TrySkipString()))
        {
            return true;
        }

        return !body.TryReadBigEndian(out short acks) || acks != 0;
    }

    /// <summary>
    /// The partitions a Fetch request reads, by topic name; null where that is not known here: a request
    /// that is not a Fetch of a version this reads or is cut short, an incremental fetch (KIP-227: it
    /// lists only what changed since the last), or a topic id no Metadata response has named yet.
    /// </summary>
    public IReadOnlyList<TopicPartition>? FetchedPartitions(ReadOnlySequence<byte> frame, TopicNames names)
    {
        if (ApiKey != KafkaApiKey.Fetch || Version is < 0 or > LastFetchVersion || !TryReadBody(frame, out var body))
        {
            return null;
        }

        // replica_id up to v14, max_wait_ms, min_bytes, max_bytes from v3, isolation_level from v4; then from
        // v7 session_id and session_epoch, which is above 0 in an incremental fetch.
        var beforeSession = (Version <= 14 ? 4 : 0) + 4 + 4 + (Version >= 3 ? 4 : 0) + (Version >= 4 ? 1 : 0);
        if (!body.TrySkip(beforeSession)
            || (Version >= 7 && (!body.TrySkip(4) || !body.TryReadBigEndian(out int sessionEpoch) || sessionEpoch > 0))
            || !body.TryReadArrayLength(IsFlexible, out var topics))
        {
            return null;
        }

        // After each partition's index: current_leader_epoch from v9, fetch_offset, last_fetched_epoch from
        // v12, log_start_offset from v5, partition_max_bytes.
        var afterIndex = (Version >= 9 ? 4 : 0) + 8 + (Version >= 12 ? 4 : 0) + (Version >= 5 ? 8 : 0) + 4;
        Span<byte> topicId = stackalloc byte[16];
        var fetched = new List<TopicPartition>();
        for (var topic = 0L; topic < topics; topic++)
        {
            string? name;
            if (Version >= 13)
            {
                if (!body.TryCopyTo(topicId) || !names.TryGetName(new Guid(topicId, bigEndian: true), out var known))
                {
                    return null;
                }

                body.Advance(topicId.Length);
                name = known;
            }
            else if (!TryReadTopicName(ref body, out name))
            {
                return null;
            }

            if (!body.TryReadArrayLength(IsFlexible, out var partitions))
            {
                return null;
            }

            for (var partition = 0L; partition < partitions; partition++)
            {
                if (!body.TryReadBigEndian(out int index) || !body.TrySkip(afterIndex) || (IsFlexible && !body.TrySkipTaggedFields()))
                {
                    return null;
                }

                fetched.Add(new TopicPartition(name, index));
            }

            if (IsFlexible && !body.TrySkipTaggedFields())
            {
                return null;
            }
        }

        return fetched;
    }

    /// <summary>
    /// The partitions a Produce request writes to; null for a request that is not a Produce of a version
    /// this reads, or is cut short.
    /// </summary>
    public IReadOnlyList<TopicPartition>? ProducedPartitions(ReadOnlySequence<byte> frame)
    {
        if (ApiKey != KafkaApiKey.Produce || Version is < 0 or > LastProduceVersion || !TryReadBody(frame, out var body))
        {
            return null;
        }

        // transactional_id from v3, acks, timeout_ms, then the topics.
        if ((Version >= 3 && !(IsFlexible ? body.TrySkipCompactString() : body.TrySkipString()))
            || !body.TrySkip(2 + 4)
            || !body.TryReadArrayLength(IsFlexible, out var topics))
        {
            return null;
        }

        var produced = new List<TopicPartition>();
        for (var topic = 0L; topic < topics; topic++)
        {
            if (!TryReadTopicName(ref body, out var name) || !body.TryReadArrayLength(IsFlexible, out var partitions))
            {
                return null;
            }

            for (var partition = 0L; partition < partitions; partition++)
            {
                // index, records, tagged fields.
                if (!body.TryReadBigEndian(out int index) || !body.TrySkipBytes(IsFlexible) || (IsFlexible && !body.TrySkipTaggedFields()))
                {
                    return null;
                }

                produced.Add(new TopicPartition(name, index));
            }

            if (IsFlexible && !body.TrySkipTaggedFields())
            {
                return null;
            }
        }

        return produced;
    }

    private bool TryReadTopicName(ref SequenceReader<byte> body, out string name)
    {
        var read = IsFlexible ? body.TryReadCompactString(out var value) : body.TryReadString(out value);
        name = value ?? "";
        return read && value is not null;
    }

    /// <summary>
    /// A reader at the start of the body: past the fixed header, the client id (a nullable string, never
    /// compact) and, in a flexible header, its tagged fields.
    /// </summary>
    private bool TryReadBody(ReadOnlySequence<byte> frame, out SequenceReader<byte> body)
    {
        body = new SequenceReader<byte>(frame);
        return body.TrySkip(FixedHeaderEnd) && body.TrySkipString() && (!IsFlexible || body.TrySkipTaggedFields());
    }
}
