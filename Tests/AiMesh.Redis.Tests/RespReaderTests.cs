using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace AiMesh.Redis.Tests;

public sealed class RespReaderTests
{
    // Every reply kind, nulls, an empty array, CRLF inside a bulk string and two levels of nesting.
    private const string MixedStream =
        "+OK\r\n" +
        "-ERR unknown command 'FOO'\r\n" +
        ":-42\r\n" +
        "$5\r\nhello\r\n" +
        "$0\r\n\r\n" +
        "$-1\r\n" +
        "$4\r\n\r\n\r\n\r\n" +
        "*-1\r\n" +
        "*0\r\n" +
        "*3\r\n*2\r\n:1\r\n$-1\r\n*1\r\n-WRONGTYPE nested\r\n+PONG\r\n";

    private static readonly RedisReply[] s_mixedReplies =
    [
        new RedisReply.SimpleString("OK"),
        new RedisReply.Error("ERR unknown command 'FOO'"),
        new RedisReply.Integer(-42),
        new RedisReply.BulkString("hello"),
        new RedisReply.BulkString(string.Empty),
        RedisReply.BulkString.Null,
        new RedisReply.BulkString("\r\n\r\n"),
        RedisReply.Array.Null,
        new RedisReply.Array(),
        new RedisReply.Array(
            new RedisReply.Array(new RedisReply.Integer(1), RedisReply.BulkString.Null),
            new RedisReply.Array(new RedisReply.Error("WRONGTYPE nested")),
            new RedisReply.SimpleString("PONG")),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Each_reply_kind_parses_to_its_model()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(MixedStream));

        var replies = ReadAll(ref buffer);

        Assert.Equal(s_mixedReplies, replies);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Null_bulk_string_and_null_array_are_null_but_empty_ones_are_not()
    {
        Assert.True(Parse("$-1\r\n").IsNull);
        Assert.True(Parse("*-1\r\n").IsNull);
        Assert.False(Parse("$0\r\n\r\n").IsNull);
        Assert.False(Parse("*0\r\n").IsNull);
        Assert.Null(Parse("$-1\r\n").AsString());
        Assert.Null(Parse("*-1\r\n").AsArray());
        Assert.Equal(string.Empty, Parse("$0\r\n\r\n").AsString());
        Assert.Empty(Parse("*0\r\n").AsArray()!);
    }

    [Fact]
    public void Nested_arrays_keep_their_shape()
    {
        var reply = Parse("*2\r\n*2\r\n$1\r\na\r\n*1\r\n:7\r\n*-1\r\n");

        var outer = Assert.IsType<RedisReply.Array>(reply).Items!;
        Assert.Equal(2, outer.Count);
        var inner = outer[0].AsArray()!;
        Assert.Equal("a", inner[0].AsString());
        Assert.Equal(7, inner[1].AsArray()![0].AsInt64());
        Assert.True(outer[1].IsNull);
    }

    [Fact]
    public void Error_reply_keeps_the_server_text_and_throws_it_when_read_as_a_value()
    {
        var error = Assert.IsType<RedisReply.Error>(Parse("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"));

        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value", error.Message);
        var thrown = Assert.Throws<RedisServerException>(() => error.AsString());
        Assert.Equal("WRONGTYPE", thrown.ErrorKind);
    }

    [Fact]
    public void Every_prefix_of_a_stream_yields_only_the_replies_it_fully_contains()
    {
        var bytes = Encoding.UTF8.GetBytes(MixedStream);
        var boundaries = ReplyBoundaries(bytes);

        for (var length = 0; length <= bytes.Length; length++)
        {
            // One-byte segments: every line end, length and payload is split at every position.
            var buffer = SegmentedSequence.Create(bytes.AsSpan(0, length), segmentLength: 1);

            var replies = ReadAll(ref buffer);

            var complete = boundaries.Count(end => end <= length);
            Assert.Equal(s_mixedReplies.Take(complete), replies);
            Assert.Equal(length - (complete == 0 ? 0 : boundaries[complete - 1]), buffer.Length);
        }
    }

    [Fact]
    public void An_incomplete_reply_leaves_the_buffer_untouched()
    {
        var original = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("*2\r\n$5\r\nhello\r\n$3\r\nwo"));
        var buffer = original;

        Assert.False(RespReader.TryRead(ref buffer, out var reply));

        Assert.Null(reply);
        Assert.Equal(original.Length, buffer.Length);
        Assert.Equal(original.Start, buffer.Start);
    }

    [Fact]
    public async Task Replies_written_to_a_pipe_one_byte_at_a_time_come_out_whole_and_in_order()
    {
        var pipe = new Pipe();
        var bytes = Encoding.UTF8.GetBytes(MixedStream);
        var replies = new List<RedisReply>();

        var reading = RespReader.ReadAllAsync(pipe.Reader, replies.Add, Ct);
        foreach (var b in bytes)
        {
            await pipe.Writer.WriteAsync(new[] { b }, Ct).AsTask().DefaultTimeout();
        }

        await pipe.Writer.CompleteAsync().DefaultTimeout();
        await reading.DefaultTimeout();

        Assert.Equal(s_mixedReplies, replies);
    }

    [Fact]
    public async Task A_large_bulk_string_split_across_many_reads_arrives_intact()
    {
        var pipe = new Pipe();
        var payload = new byte[300_000];
        new Random(42).NextBytes(payload);
        var bytes = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n:1\r\n"u8.ToArray()).ToArray();
        var replies = new List<RedisReply>();

        var reading = RespReader.ReadAllAsync(pipe.Reader, replies.Add, Ct);
        for (var offset = 0; offset < bytes.Length; offset += 1000)
        {
            await pipe.Writer.WriteAsync(bytes.AsMemory(offset, Math.Min(1000, bytes.Length - offset)), Ct).AsTask().DefaultTimeout();
        }

        await pipe.Writer.CompleteAsync().DefaultTimeout();
        await reading.DefaultTimeout();

        Assert.Equal([new RedisReply.BulkString(payload), new RedisReply.Integer(1)], replies);
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_reply_is_reported_as_truncated()
    {
        var pipe = new Pipe();
        var replies = new List<RedisReply>();
        await pipe.Writer.WriteAsync("+OK\r\n$10\r\nabc"u8.ToArray(), Ct).AsTask().DefaultTimeout();
        await pipe.Writer.CompleteAsync().DefaultTimeout();

        await Assert.ThrowsAsync<EndOfStreamException>(() => RespReader.ReadAllAsync(pipe.Reader, replies.Add, Ct)).DefaultTimeout();

        Assert.Equal([new RedisReply.SimpleString("OK")], replies);
    }

    [Theory]
    [InlineData("!oops\r\n")]
    [InlineData(":12abc\r\n")]
    [InlineData(":\r\n")]
    [InlineData("$3\r\nabcXY")]
    [InlineData("$-5\r\n")]
    [InlineData("*-2\r\n")]
    [InlineData("$x\r\n")]
    public void Bytes_that_are_not_resp_are_a_protocol_violation(string text)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));

        Assert.Throws<InvalidDataException>(() => RespReader.TryRead(ref buffer, out _));
    }

    [Fact]
    public void A_line_without_an_end_beyond_the_limit_is_a_protocol_violation()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("+" + new string('x', RespReader.MaxLineLength + 1)));

        Assert.Throws<InvalidDataException>(() => RespReader.TryRead(ref buffer, out _));
    }

    [Fact]
    public void Arrays_nested_without_end_are_refused_rather_than_overflowing_the_stack()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", 10_000)) + ":1\r\n"));

        Assert.Throws<InvalidDataException>(() => RespReader.TryRead(ref buffer, out _));
    }

    private static RedisReply Parse(string text)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));
        Assert.True(RespReader.TryRead(ref buffer, out var reply));
        Assert.True(buffer.IsEmpty);
        return reply;
    }

    private static List<RedisReply> ReadAll(ref ReadOnlySequence<byte> buffer)
    {
        var replies = new List<RedisReply>();
        while (RespReader.TryRead(ref buffer, out var reply))
        {
            replies.Add(reply);
        }

        return replies;
    }

    // Where each reply of the stream ends, found by parsing it whole.
    private static List<long> ReplyBoundaries(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var ends = new List<long>();
        while (RespReader.TryRead(ref buffer, out _))
        {
            ends.Add(bytes.Length - buffer.Length);
        }

        return ends;
    }
}
