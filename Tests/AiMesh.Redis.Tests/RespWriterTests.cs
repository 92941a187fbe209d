using System.Buffers;
using System.Text;

namespace AiMesh.Redis.Tests;

public sealed class RespWriterTests
{
    [Fact]
    public void A_command_without_arguments_is_a_one_element_array()
    {
        Assert.Equal("*1\r\n$4\r\nPING\r\n", Encode("PING"));
    }

    [Fact]
    public void A_command_and_its_arguments_are_bulk_strings_in_one_array()
    {
        Assert.Equal("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", Encode("SET", "key", "value"));
    }

    [Fact]
    public void Strings_are_sent_as_utf8_and_measured_in_bytes()
    {
        Assert.Equal("*2\r\n$4\r\nECHO\r\n$5\r\ncafé\r\n", Encode("ECHO", "café"));
    }

    [Fact]
    public void An_empty_string_is_an_empty_bulk_string()
    {
        Assert.Equal("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", Encode("ECHO", string.Empty));
    }

    [Fact]
    public void Binary_arguments_are_copied_byte_for_byte_line_ends_included()
    {
        byte[] value = [0x00, (byte)'\r', (byte)'\n', 0xFF];

        var fromArray = EncodeBytes("SET", "k", value);
        var fromMemory = EncodeBytes("SET", "k", new ReadOnlyMemory<byte>(value));

        byte[] expected = [.. "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n"u8, .. value, .. "\r\n"u8];
        Assert.Equal(expected, fromArray);
        Assert.Equal(expected, fromMemory);
    }

    [Fact]
    public void Numbers_are_sent_in_invariant_decimal_form()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            // A culture with a decimal comma must not leak into the protocol.
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");

            Assert.Equal(
                "*7\r\n$4\r\nTEST\r\n$2\r\n42\r\n$11\r\n-2147483648\r\n$20\r\n18446744073709551615\r\n$3\r\n1.5\r\n$4\r\n+inf\r\n$4\r\n-inf\r\n",
                Encode("TEST", 42L, int.MinValue, ulong.MaxValue, 1.5, double.PositiveInfinity, double.NegativeInfinity));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_measured_length_is_exactly_what_is_written()
    {
        object[] args = ["k", "😀 unicode", new byte[1000], 123456789L, -1, 0.1, 3.5f, new string('x', 12345)];

        var length = RespWriter.GetByteCount("CMD", args);
        var buffer = new byte[length];

        Assert.Equal(length, RespWriter.Write(buffer, "CMD", args));
    }

    [Fact]
    public void Encode_rents_a_buffer_holding_the_command()
    {
        var (buffer, length) = RespWriter.Encode("GET", ["key"]);
        try
        {
            Assert.Equal("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n", Encoding.UTF8.GetString(buffer, 0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void An_unsupported_argument_type_is_refused_before_anything_is_written()
    {
        var ex = Assert.Throws<ArgumentException>(() => RespWriter.GetByteCount("SET", ["k", DateTime.UtcNow]));

        Assert.Contains("DateTime", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancellation_token_passed_as_an_argument_points_to_the_right_overload()
    {
        var ex = Assert.Throws<ArgumentException>(() => RespWriter.GetByteCount("GET", [CancellationToken.None]));

        Assert.Contains("overload", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_argument_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => RespWriter.GetByteCount("SET", ["k", null!]));
    }

    [Fact]
    public void NaN_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RespWriter.GetByteCount("ZADD", ["k", double.NaN, "m"]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("CONFIG GET")]
    public void A_command_name_that_is_empty_or_has_spaces_is_refused(string command)
    {
        Assert.ThrowsAny<ArgumentException>(() => RespWriter.GetByteCount(command, []));
    }

    private static string Encode(string command, params object[] args) => Encoding.UTF8.GetString(EncodeBytes(command, args));

    private static byte[] EncodeBytes(string command, params object[] args)
    {
        var buffer = new byte[RespWriter.GetByteCount(command, args)];
        var written = RespWriter.Write(buffer, command, args);
        Assert.Equal(buffer.Length, written);
        return buffer;
    }
}
