using System.Buffers;

namespace AiMesh.DevBroker.Forwarding;

/// <summary>Reads a Fetch response frame (its 4-byte size included) of versions 0 to <see cref="KafkaRequest.LastFetchVersion"/>.</summary>
internal static class FetchResponse
{
    /// <summary>
    /// True when the response has nothing to give: no error anywhere and no record in any partition, so
    /// the consumer would only fetch again. False for anything else, and for a frame this cannot read
    /// (answering at once is never wrong, only less patient).
    /// </summary>
    public static bool IsEmpty(ReadOnlySequence<byte> frame, short version)
    {
        if (version is < 0 or > KafkaRequest.LastFetchVersion)
        {
            return false;
        }

        var flexible = version >= 12;

        // The size prefix and the response header: correlation_id, and tagged fields when flexible. Then
        // throttle_time_ms from v1, and the top-level error_code and session_id from v7.
        var reader = new SequenceReader<byte>(frame);
        if (!reader.TrySkip(4 + 4) || (flexible && !reader.TrySkipTaggedFields()) || (version >= 1 && !reader.TrySkip(4)))
        {
            return false;
        }

        if (version >= 7 && (!reader.TryReadBigEndian(out short error) || error != 0 || !reader.TrySkip(4)))
        {
            return false;
        }

        if (!TryReadCount(ref reader, flexible, out var topics))
        {
            return false;
        }

        for (var topic = 0L; topic < topics; topic++)
        {
            // The topic: its name, or from v13 on its id (a UUID).
            var named = version >= 13 ? reader.TrySkip(16) : flexible ? reader.TrySkipCompactString() : reader.TrySkipString();
            if (!named || !TryReadCount(ref reader, flexible, out var partitions))
            {
                return false;
            }

            for (var partition = 0L; partition < partitions; partition++)
            {
                if (!IsEmptyPartition(ref reader, version, flexible))
                {
                    return false;
                }
            }

            if (flexible && !reader.TrySkipTaggedFields())
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEmptyPartition(ref SequenceReader<byte> reader, short version, bool flexible)
    {
        // partition_index, then error_code, then high_watermark.
        if (!reader.TrySkip(4) || !reader.TryReadBigEndian(out short error) || error != 0 || !reader.TrySkip(8))
        {
            return false;
        }

        // last_stable_offset from v4, log_start_offset from v5.
        if ((version >= 4 && !reader.TrySkip(8)) || (version >= 5 && !reader.TrySkip(8)))
        {
            return false;
        }

        // aborted_transactions from v4: a nullable array of (producer_id, first_offset), each with tagged fields when flexible.
        if (version >= 4 && !TrySkipAbortedTransactions(ref reader, flexible))
        {
            return false;
        }

        // preferred_read_replica from v11; then the records, as nullable bytes; then tagged fields when flexible.
        if (version >= 11 && !reader.TrySkip(4))
        {
            return false;
        }

        long records;
        if (flexible)
        {
            if (!reader.TryReadCompactLength(out records))
            {
                return false;
            }
        }
        else if (reader.TryReadBigEndian(out int length))
        {
            records = length;
        }
        else
        {
            return false;
        }

        return records <= 0 && (!flexible || reader.TrySkipTaggedFields());
    }

    private static bool TrySkipAbortedTransactions(ref SequenceReader<byte> reader, bool flexible)
    {
        if (!TryReadCount(ref reader, flexible, out var aborted))
        {
            return false;
        }

        for (var transaction = 0L; transaction < aborted; transaction++)
        {
            if (!reader.TrySkip(8 + 8) || (flexible && !reader.TrySkipTaggedFields()))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An array's length: an int32, or when flexible a compact length; null counts as empty.</summary>
    private static bool TryReadCount(ref SequenceReader<byte> reader, bool flexible, out long count)
    {
        count = 0;
        if (flexible)
        {
            return reader.TryReadCompactLength(out count);
        }

        if (!reader.TryReadBigEndian(out int length))
        {
            return false;
        }

        count = length;
        return true;
    }
}
