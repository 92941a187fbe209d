using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>
/// Kafka request and response frames, size prefix included, laid out as the protocol's versions have
/// them: librdkafka 2.16 sends its mock Fetch v16 and Produce v10, flexible versions with compact
/// fields and tagged fields (KIP-482); the classic versions before them are built too.
/// </summary>
internal static class KafkaFrames
{
    /// <summary>A Fetch request for one partition of one topic, waiting up to <paramref name="maxWaitMs"/>.</summary>
    public static byte[] FetchRequest(int correlationId, int maxWaitMs, short version = 16, string? clientId = "consumer") => Frame(body =>
    {
        var flexible = version >= 12;
        Header(body, KafkaApiKey.Fetch, version, correlationId, clientId, flexible);
        if (version <= 14)
        {
            body.Int32(-1);          // replica_id
        }

        body.Int32(maxWaitMs);
        body.Int32(1);               // min_bytes
        body.Int32(52_428_800);      // max_bytes
        body.Int8(0);                // isolation_level
        body.Int32(0);               // session_id
        body.Int32(-1);              // session_epoch
        body.Count(1, flexible);     // topics
        if (version >= 13)
        {
            body.Raw(new byte[16]);  // topic_id
        }
        else
        {
            body.String("data-topic", flexible);
        }

        body.Count(1, flexible);     // partitions
        body.Int32(0);               // partition
        body.Int32(-1);              // current_leader_epoch
        body.Int64(42);              // fetch_offset
        if (version >= 12)
        {
            body.Int32(-1);          // last_fetched_epoch
        }

        body.Int64(-1);              // log_start_offset
        body.Int32(1_048_576);       // partition_max_bytes
        body.TaggedFields(flexible, count: 0);
        body.TaggedFields(flexible, count: 0);
        body.Count(0, flexible);     // forgotten_topics_data
        body.String("", flexible);   // rack_id
        body.TaggedFields(flexible, count: 1);
    });

    /// <summary>A Produce request of one (opaque) record batch, with <paramref name="acks"/>.</summary>
    public static byte[] ProduceRequest(int correlationId, short acks, short version = 10, string? transactionalId = null) => Frame(body =>
    {
        var flexible = version >= 9;
        Header(body, KafkaApiKey.Produce, version, correlationId, "producer", flexible);
        body.String(transactionalId, flexible);
        body.Int16(acks);
        body.Int32(30_000);          // timeout_ms
        body.Count(1, flexible);     // topics
        body.String("data-topic", flexible);
        body.Count(1, flexible);     // partitions
        body.Int32(0);
        body.Bytes(new byte[61], flexible);
        body.TaggedFields(flexible, count: 0);
        body.TaggedFields(flexible, count: 0);
        body.TaggedFields(flexible, count: 0);
    });

    /// <summary>Any other request: its (classic) header and a body nobody reads.</summary>
    public static byte[] Request(KafkaApiKey apiKey, short version, int correlationId) => Frame(body =>
    {
        Header(body, apiKey, version, correlationId, "client", flexible: false);
        body.Int32(0);
    });

    /// <summary>
    /// A Fetch response of <paramref name="version"/> (4 to 16) for one topic, one partition per entry of
    /// <paramref name="recordBytes"/> (that many bytes of records; -1 for null), with the errors given.
    /// </summary>
    public static byte[] FetchResponse(int correlationId, short version, int[] recordBytes, short error = 0, short partitionError = 0) => Frame(body =>
    {
        var flexible = version >= 12;
        body.Int32(correlationId);
        body.TaggedFields(flexible, count: 1);
        body.Int32(0);               // throttle_time_ms
        if (version >= 7)
        {
            body.Int16(error);
            body.Int32(0);           // session_id
        }

        body.Count(1, flexible);     // topics
        if (version >= 13)
        {
            body.Raw(new byte[16]);
        }
        else
        {
            body.String("data-topic", flexible);
        }

        body.Count(recordBytes.Length, flexible);
        for (var partition = 0; partition < recordBytes.Length; partition++)
        {
            body.Int32(partition);
            body.Int16(partitionError);
            body.Int64(100);         // high_watermark
            body.Int64(100);         // last_stable_offset
            if (version >= 5)
            {
                body.Int64(0);       // log_start_offset
            }

            body.Count(1, flexible); // aborted_transactions: one
            body.Int64(7);
            body.Int64(3);
            body.TaggedFields(flexible, count: 0);
            if (version >= 11)
            {
                body.Int32(-1);      // preferred_read_replica
            }

            if (recordBytes[partition] < 0)
            {
                body.NullBytes(flexible);
            }
            else
            {
                body.Bytes(new byte[recordBytes[partition]], flexible);
            }

            body.TaggedFields(flexible, count: 1);
        }

        body.TaggedFields(flexible, count: 0);
        body.TaggedFields(flexible, count: 1);
    });

    /// <summary>Any other response: the correlation id and a body nobody reads.</summary>
    public static byte[] Response(int correlationId) => Frame(body =>
    {
        body.Int32(correlationId);
        body.Int32(0);
    });

    private static void Header(Writer body, KafkaApiKey apiKey, short version, int correlationId, string? clientId, bool flexible)
    {
        body.Int16((short)apiKey);
        body.Int16(version);
        body.Int32(correlationId);
        body.String(clientId, compact: false); // never compact, even in a flexible header
        body.TaggedFields(flexible, count: 1);
    }

    private static byte[] Frame(Action<Writer> write)
    {
        var body = new Writer();
        write(body);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame.AsSpan(4));
        return frame;
    }

    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public int Length => _buffer.WrittenCount;

        public void CopyTo(Span<byte> destination) => _buffer.WrittenSpan.CopyTo(destination);

        public void Raw(byte[] bytes) => _buffer.Write(bytes);

        public void Int8(sbyte value) => _buffer.Write([(byte)value]);

        public void Int16(short value) => BinaryPrimitives.WriteInt16BigEndian(Take(2), value);

        public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

        public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);

        public void UnsignedVarInt(uint value)
        {
            while (value >= 0x80)
            {
                _buffer.Write([(byte)(value | 0x80)]);
                value >>= 7;
            }

            _buffer.Write([(byte)value]);
        }

        /// <summary>An array's length: an int32, or when compact its unsigned varint plus one.</summary>
        public void Count(int count, bool compact)
        {
            if (compact)
            {
                UnsignedVarInt((uint)count + 1);
            }
            else
            {
                Int32(count);
            }
        }

        public void String(string? value, bool compact)
        {
            if (value is null)
            {
                if (compact)
                {
                    UnsignedVarInt(0);
                }
                else
                {
                    Int16(-1);
                }

                return;
            }

            var bytes = Encoding.UTF8.GetBytes(value);
            if (compact)
            {
                UnsignedVarInt((uint)bytes.Length + 1);
            }
            else
            {
                Int16((short)bytes.Length);
            }

            _buffer.Write(bytes);
        }

        public void Bytes(byte[] value, bool compact)
        {
            Count(value.Length, compact);
            _buffer.Write(value);
        }

        public void NullBytes(bool compact)
        {
            if (compact)
            {
                UnsignedVarInt(0);
            }
            else
            {
                Int32(-1);
            }
        }

        /// <summary>When flexible, <paramref name="count"/> tagged fields of three bytes each (with a 200-byte one among them, to span varints).</summary>
        public void TaggedFields(bool flexible, int count)
        {
            if (!flexible)
            {
                return;
            }

            UnsignedVarInt((uint)count);
            for (var field = 0; field < count; field++)
            {
                var size = field == 0 ? 200 : 3;
                UnsignedVarInt((uint)field);
                UnsignedVarInt((uint)size);
                _buffer.Write(new byte[size]);
            }
        }

        private Span<byte> Take(int count)
        {
            var span = _buffer.GetSpan(count)[..count];
            _buffer.Advance(count);
            return span;
        }
    }
}
