using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace AiMesh.Redis;

/// <summary>
/// Encodes a command as a RESP2 array of bulk strings (<c>*2\r\n$3\r\nGET\r\n$1\r\nk\r\n</c>).
/// Every argument is measured before anything is written, so a bad argument fails the one call
/// that passed it instead of leaving half a command on a connection others share.
/// </summary>
internal static class RespWriter
{
    // Long enough for any long, ulong or round-trip double.
    private const int MaxNumberLength = 32;

    /// <summary>
    /// Encodes into a buffer rented from <see cref="ArrayPool{T}.Shared"/>; whoever writes it to
    /// the socket returns it. Encoding on the caller's thread keeps the single socket writer cheap.
    /// </summary>
    public static (byte[] Buffer, int Length) Encode(string command, ReadOnlySpan<object> args)
    {
        var length = GetByteCount(command, args);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        Write(buffer, command, args);
        return (buffer, length);
    }

    /// <exception cref="ArgumentException">The command name is empty or has spaces, or an argument has an unsupported type.</exception>
    public static int GetByteCount(string command, ReadOnlySpan<object> args)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (command.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException(
                $"The command name '{command}' contains whitespace; pass sub-commands and options as separate arguments, e.g. (\"CONFIG\", \"GET\", \"maxmemory\").",
                nameof(command));
        }

        Span<byte> scratch = stackalloc byte[MaxNumberLength];
        checked
        {
            var total = HeaderLength(args.Length + 1) + BulkLength(Encoding.UTF8.GetByteCount(command));
            for (var i = 0; i < args.Length; i++)
            {
                total += BulkLength(ArgumentLength(args[i], i, scratch));
            }

            return total;
        }
    }

    /// <summary>Writes the command into <paramref name="destination"/>, which must hold <see cref="GetByteCount"/> bytes.</summary>
    public static int Write(Span<byte> destination, string command, ReadOnlySpan<object> args)
    {
        Span<byte> scratch = stackalloc byte[MaxNumberLength];
        var written = WriteHeader(destination, (byte)'*', args.Length + 1);
        written += WriteBulk(destination[written..], command);
        foreach (var arg in args)
        {
            written += arg switch
            {
                string text => WriteBulk(destination[written..], text),
                byte[] bytes => WriteBulk(destination[written..], bytes),
                ReadOnlyMemory<byte> memory => WriteBulk(destination[written..], memory.Span),
                Memory<byte> memory => WriteBulk(destination[written..], memory.Span),
                _ => WriteBulk(destination[written..], scratch[..FormatNumber(arg, scratch)]),
            };
        }

        return written;
    }

    private static int ArgumentLength(object? arg, int index, Span<byte> scratch) => arg switch
    {
        string text => Encoding.UTF8.GetByteCount(text),
        byte[] bytes => bytes.Length,
        ReadOnlyMemory<byte> memory => memory.Length,
        Memory<byte> memory => memory.Length,
        null => throw new ArgumentNullException($"args[{index}]", "Redis has no null argument; pass an empty string or leave the argument out."),
        CancellationToken => throw new ArgumentException(
            $"Argument {index} is a CancellationToken; use the ExecuteAsync(command, args, cancellationToken) overload to pass one.", $"args[{index}]"),
        _ => FormatNumber(arg, scratch) is var length and >= 0
            ? length
            : throw new ArgumentException(
                $"Argument {index} has type {arg.GetType().Name}; pass string, byte[], ReadOnlyMemory<byte> or a number.", $"args[{index}]"),
    };

    // Returns -1 for types that are not numbers, so measuring and writing share one switch.
    private static int FormatNumber(object arg, Span<byte> destination)
    {
        int written;
        bool formatted;
        switch (arg)
        {
            // Integers format invariantly whatever the culture; one case covers every width.
            case long or int or short or ulong or uint or ushort:
                formatted = ((IUtf8SpanFormattable)arg).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
                break;
            case double value when !double.IsFinite(value):
                written = FormatNonFinite(value, destination);
                formatted = true;
                break;
            case double value:
                formatted = value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
                break;
            case float value when !float.IsFinite(value):
                written = FormatNonFinite(value, destination);
                formatted = true;
                break;
            case float value:
                formatted = value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
                break;
            default:
                return -1;
        }

        return formatted ? written : throw new InvalidOperationException($"The number {arg} did not fit its formatting buffer.");
    }

    // Redis reads scores and increments with strtod, which spells infinity "inf" and has no NaN.
    private static int FormatNonFinite(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN cannot be sent to Redis.", nameof(value));
        }

        var text = value > 0 ? "+inf"u8 : "-inf"u8;
        text.CopyTo(destination);
        return text.Length;
    }

    private static int BulkLength(int payloadLength) => HeaderLength(payloadLength) + payloadLength + 2;

    private static int HeaderLength(int count) => 1 + DigitCount(count) + 2;

    private static int DigitCount(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private static int WriteHeader(Span<byte> destination, byte prefix, int count)
    {
        destination[0] = prefix;
        Utf8Formatter.TryFormat(count, destination[1..], out var digits);
        destination[1 + digits] = (byte)'\r';
        destination[2 + digits] = (byte)'\n';
        return 3 + digits;
    }

    private static int WriteBulk(Span<byte> destination, string text)
    {
        var header = WriteHeader(destination, (byte)'$', Encoding.UTF8.GetByteCount(text));
        var length = Encoding.UTF8.GetBytes(text, destination[header..]);
        return header + length + WriteLineEnd(destination[(header + length)..]);
    }

    private static int WriteBulk(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        var header = WriteHeader(destination, (byte)'$', payload.Length);
        payload.CopyTo(destination[header..]);
        return header + payload.Length + WriteLineEnd(destination[(header + payload.Length)..]);
    }

    private static int WriteLineEnd(Span<byte> destination)
    {
        destination[0] = (byte)'\r';
        destination[1] = (byte)'\n';
        return 2;
    }
}
