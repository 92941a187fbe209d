using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Text;

namespace AiMesh.Redis;

/// <summary>
/// Parses RESP2 replies from bytes that arrive in arbitrary pieces. A reply is only taken off
/// the buffer once all of it is there; until then the parser reports "not yet" and the pipe keeps
/// the bytes, so a reply split across any number of reads (down to one byte each) comes out whole.
/// </summary>
internal static class RespReader
{
    // Status, error and length lines are short; a longer one means the stream is not RESP.
    internal const int MaxLineLength = 64 * 1024;

    // Redis's own default limit (proto-max-bulk-len).
    private const long MaxBulkLength = 512L * 1024 * 1024;

    // Real replies nest a few levels; garbage that looks like endless "*1" must not overflow the stack.
    private const int MaxDepth = 64;

    // The smallest element ("+\r\n") is three bytes, so an array that claims more elements than
    // a third of the bytes at hand cannot be complete yet and need not be allocated.
    private const int MinElementLength = 3;

    // Replies are immutable, so the ones nearly every write or health check gets are shared.
    private static readonly RedisReply.SimpleString s_ok = new("OK");
    private static readonly RedisReply.SimpleString s_pong = new("PONG");
    private static readonly RedisReply.Array s_emptyArray = new(System.Array.Empty<RedisReply>());

    /// <summary>
    /// Reads replies from <paramref name="input"/> in order and hands each to <paramref name="onReply"/>
    /// until the stream ends. Returns when it ends between replies.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not RESP2.</exception>
    /// <exception cref="EndOfStreamException">The stream ended in the middle of a reply.</exception>
    public static async Task ReadAllAsync(PipeReader input, Action<RedisReply> onReply, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            long unparsed;
            try
            {
                while (TryRead(ref buffer, out var reply))
                {
                    onReply(reply);
                }

                unparsed = buffer.Length;
            }
            finally
            {
                // Keep the incomplete tail, but mark it all examined so the next read waits for new bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                if (unparsed > 0)
                {
                    throw new EndOfStreamException($"The connection closed in the middle of a reply ({unparsed} bytes of it had arrived).");
                }

                return;
            }
        }
    }

    /// <summary>
    /// Takes one complete reply off the front of <paramref name="buffer"/>. Returns false, leaving
    /// <paramref name="buffer"/> as it was, when the reply has not fully arrived.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not RESP2.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out RedisReply? reply)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryRead(ref reader, depth: 0, out reply))
        {
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static bool TryRead(ref SequenceReader<byte> reader, int depth, [NotNullWhen(true)] out RedisReply? reply)
    {
        reply = null;
        if (!reader.TryRead(out var prefix))
        {
            return false;
        }

        switch (prefix)
        {
            case (byte)'+':
                if (!TryReadLine(ref reader, out var status))
                {
                    return false;
                }

                reply = status.FirstSpan.SequenceEqual("OK"u8) ? s_ok
                    : status.FirstSpan.SequenceEqual("PONG"u8) ? s_pong
                    : new RedisReply.SimpleString(Encoding.UTF8.GetString(status));
                return true;

            case (byte)'-':
                if (!TryReadLine(ref reader, out var error))
                {
                    return false;
                }

                reply = new RedisReply.Error(Encoding.UTF8.GetString(error));
                return true;

            case (byte)':':
                if (!TryReadLine(ref reader, out var integer))
                {
                    return false;
                }

                reply = new RedisReply.Integer(ParseInteger(integer));
                return true;

            case (byte)'$':
                return TryReadBulkString(ref reader, out reply);

            case (byte)'*':
                return TryReadArray(ref reader, depth, out reply);

            default:
                throw new InvalidDataException($"Redis protocol violation: a reply cannot start with byte 0x{prefix:X2}.");
        }
    }

    private static bool TryReadBulkString(ref SequenceReader<byte> reader, [NotNullWhen(true)] out RedisReply? reply)
    {
        reply = null;
        if (!TryReadLine(ref reader, out var header))
        {
            return false;
        }

        var length = ParseInteger(header);
        if (length == -1)
        {
            reply = RedisReply.BulkString.Null;
            return true;
        }

        if (length is < 0 or > MaxBulkLength)
        {
            throw new InvalidDataException($"Redis protocol violation: bulk string length {length}.");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var value = new byte[length];
        reader.TryCopyTo(value);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new InvalidDataException("Redis protocol violation: a bulk string is not followed by CRLF.");
        }

        reply = new RedisReply.BulkString(value);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, int depth, [NotNullWhen(true)] out RedisReply? reply)
    {
        reply = null;
        if (!TryReadLine(ref reader, out var header))
        {
            return false;
        }

        var count = ParseInteger(header);
        if (count == -1)
        {
            reply = RedisReply.Array.Null;
            return true;
        }

        if (count is < 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"Redis protocol violation: array length {count}.");
        }

        if (count == 0)
        {
            reply = s_emptyArray;
            return true;
        }

        if (depth >= MaxDepth)
        {
            throw new InvalidDataException($"Redis protocol violation: arrays nested more than {MaxDepth} deep.");
        }

        if (reader.Remaining < count * MinElementLength)
        {
            return false;
        }

        var items = new RedisReply[count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryRead(ref reader, depth + 1, out var item))
            {
                return false;
            }

            items[i] = item;
        }

        reply = new RedisReply.Array(items);
        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (reader.TryReadTo(out line, "\r\n"u8, advancePastDelimiter: true))
        {
            return true;
        }

        if (reader.Remaining > MaxLineLength)
        {
            throw new InvalidDataException($"Redis protocol violation: no line end within {MaxLineLength} bytes.");
        }

        return false;
    }

    private static long ParseInteger(ReadOnlySequence<byte> line)
    {
        // "-9223372036854775808" is the longest valid integer line.
        const int MaxLength = 20;
        if (line.Length is 0 or > MaxLength)
        {
            throw new InvalidDataException($"Redis protocol violation: '{Encoding.UTF8.GetString(line)}' is not an integer.");
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        line.CopyTo(digits);
        digits = digits[..(int)line.Length];
        return Utf8Parser.TryParse(digits, out long value, out var consumed) && consumed == digits.Length
            ? value
            : throw new InvalidDataException($"Redis protocol violation: '{Encoding.UTF8.GetString(digits)}' is not an integer.");
    }
}
