using System.Buffers;

namespace AiMesh.DevBroker.Forwarding;

/// <summary>
/// Skipping over Kafka's wire types, both the classic ones and the compact ones of flexible versions
/// (KIP-482), failing rather than throwing when a frame is cut short.
/// </summary>
internal static class KafkaWireReading
{
    public static bool TrySkip(this ref SequenceReader<byte> reader, long count)
    {
        if (count < 0 || reader.Remaining < count)
        {
            return false;
        }

        reader.Advance(count);
        return true;
    }

    /// <summary>A (nullable) string: an int16 length, -1 for null, then that many bytes.</summary>
    public static bool TrySkipString(this ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out short length) && (length < 0 || reader.TrySkip(length));

    /// <summary>A compact (nullable) string: an unsigned varint of the length plus one (0 for null), then the bytes.</summary>
    public static bool TrySkipCompactString(this ref SequenceReader<byte> reader) =>
        reader.TryReadCompactLength(out var length) && (length < 0 || reader.TrySkip(length));

    /// <summary>The length of a compact array, string or byte field: its unsigned varint less one, -1 for null.</summary>
    public static bool TryReadCompactLength(this ref SequenceReader<byte> reader, out long length)
    {
        length = 0;
        if (!reader.TryReadUnsignedVarInt(out var lengthPlusOne))
        {
            return false;
        }

        length = (long)lengthPlusOne - 1;
        return true;
    }

    /// <summary>A flexible version's tagged fields: a count, then each field's tag, size and bytes.</summary>
    public static bool TrySkipTaggedFields(this ref SequenceReader<byte> reader)
    {
        if (!reader.TryReadUnsignedVarInt(out var count))
        {
            return false;
        }

        for (var field = 0u; field < count; field++)
        {
            if (!reader.TryReadUnsignedVarInt(out _) || !reader.TryReadUnsignedVarInt(out var size) || !reader.TrySkip(size))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An unsigned varint of at most 32 bits: seven bits a byte, least significant first.</summary>
    public static bool TryReadUnsignedVarInt(this ref SequenceReader<byte> reader, out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (!reader.TryRead(out var next))
            {
                return false;
            }

            value |= (uint)(next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
