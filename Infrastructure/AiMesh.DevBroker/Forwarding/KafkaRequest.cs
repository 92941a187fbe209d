using System.Buffers;

namespace AiMesh.DevBroker.Forwarding;

/// <summary>
/// What the forwarder reads of a request frame (its 4-byte size included): the request type, version
/// and correlation id that every request header starts with, and for a Fetch or a Produce the one body
/// field it needs. librdkafka 2.16 fetches from its mock with Fetch v16; the versions it reads are those
/// whose layout is known here, up to <see cref="LastFetchVersion"/> and <see cref="LastProduceVersion"/>.
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
    /// A reader at the start of the body: past the fixed header, the client id (a nullable string, never
    /// compact) and, in a flexible header, its tagged fields.
    /// </summary>
    private bool TryReadBody(ReadOnlySequence<byte> frame, out SequenceReader<byte> body)
    {
        body = new SequenceReader<byte>(frame);
        return body.TrySkip(FixedHeaderEnd) && body.TrySkipString() && (!IsFlexible || body.TrySkipTaggedFields());
    }
}
