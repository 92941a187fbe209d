using System.Text;
using AiMesh.Ingest.Submissions;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Tests.Submissions;

public sealed class SubmissionReaderTests
{
    private static readonly IngestOptions s_options = new();
    private static readonly SubmissionReader s_reader = new(Options.Create(s_options));

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=\"UTF-8\"")]
    [InlineData("application/vnd.aimesh+json")]
    public async Task AJsonBodyIsRead(string contentType)
    {
        var body = Encoding.UTF8.GetBytes("""{"text":"hello"}""");

        var result = await ReadAsync(contentType, body.Length, new MemoryStream(body));

        Assert.True(result.IsValid, result.Error?.Detail);
        Assert.Equal("hello", result.Text);
    }

    [Fact]
    public async Task AChunkedBodyWithoutContentLengthIsRead()
    {
        var result = await ReadAsync("application/json", contentLength: null, new TrickleStream(Encoding.UTF8.GetBytes("""{"text":"hello"}""")));

        Assert.Equal("hello", result.Text);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("not a media type")]
    public async Task ANonJsonContentTypeIsRefusedWithoutReadingTheBody(string contentType)
    {
        var result = await ReadAsync(contentType, 16, new UnreadableStream());

        Assert.Equal(SubmissionError.UnsupportedContentType(contentType), result.Error);
        Assert.Equal("Unsupported content type", result.Error!.Title);
    }

    [Fact]
    public async Task ABodyWithoutContentTypeIsRefused()
    {
        var result = await ReadAsync(contentType: null, 16, new MemoryStream(Encoding.UTF8.GetBytes("""{"text":"hello"}""")));

        Assert.Equal(SubmissionError.UnsupportedContentType(null), result.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    public async Task NoBodyIsMissing(string? contentType)
    {
        var result = await ReadAsync(contentType, contentLength: null, Stream.Null);

        Assert.Equal(SubmissionError.MissingBody(), result.Error);
    }

    [Fact]
    public async Task AContentLengthOverTheBoundIsRefusedWithoutReadingTheBody()
    {
        var result = await ReadAsync("application/json", s_options.MaxBodyBytes + 1, new UnreadableStream());

        Assert.Equal(SubmissionError.BodyTooLarge(s_options.MaxBodyBytes, s_options.MaxTextLength), result.Error);
        Assert.Contains($"{s_options.MaxBodyBytes} bytes", result.Error!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndlessBodyIsRefusedOnceItPassesTheBound()
    {
        var body = new EndlessStream();

        var result = await ReadAsync("application/json", contentLength: null, body);

        Assert.Equal(SubmissionError.BodyTooLarge(s_options.MaxBodyBytes, s_options.MaxTextLength), result.Error);
        Assert.Equal(s_options.MaxBodyBytes + 1, body.BytesRead);
    }

    [Fact]
    public async Task ABodyOfExactlyTheBoundIsRead()
    {
        var json = """{"text":"hello"}""";
        var body = Encoding.UTF8.GetBytes(json + new string(' ', s_options.MaxBodyBytes - json.Length));

        var result = await ReadAsync("application/json", contentLength: null, new MemoryStream(body));

        Assert.Equal("hello", result.Text);
    }

    [Fact]
    public async Task TheLongestTextInItsMostExpensiveJsonFormFitsTheBound()
    {
        var escaped = string.Concat(Enumerable.Repeat(@"\ud83d\ude00", s_options.MaxTextLength));
        var body = Encoding.UTF8.GetBytes($$"""{ "text" : "{{escaped}}" }""");
        Assert.True(body.Length <= s_options.MaxBodyBytes);

        var result = await ReadAsync("application/json", body.Length, new MemoryStream(body));

        Assert.True(result.IsValid, result.Error?.Detail);
    }

    [Fact]
    public async Task TheBoundFollowsTheConfiguredTextLimit()
    {
        var options = new IngestOptions { MaxTextLength = 10 };
        var reader = new SubmissionReader(Options.Create(options));

        var result = await reader.ReadAsync("application/json", options.MaxBodyBytes + 1, new UnreadableStream(), TestContext.Current.CancellationToken);

        Assert.Equal(10 * 12 + 1024, options.MaxBodyBytes);
        Assert.Equal(SubmissionError.BodyTooLarge(options.MaxBodyBytes, 10), result.Error);
    }

    [Fact]
    public async Task JsonErrorsComeFromTheValidator()
    {
        var result = await ReadAsync("application/json", 2, new MemoryStream("[]"u8.ToArray()));

        Assert.Equal(SubmissionError.NotAnObject("array"), result.Error);
    }

    private static Task<SubmissionResult> ReadAsync(string? contentType, long? contentLength, Stream body) =>
        s_reader.ReadAsync(contentType, contentLength, body, TestContext.Current.CancellationToken);

    /// <summary>Fails the test if anything reads it.</summary>
    private sealed class UnreadableStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The body was read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The body was read.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Never ends; counts what was read from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)' ');
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Hands out its bytes three at a time, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 3), content.Length - _position);
            content.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
