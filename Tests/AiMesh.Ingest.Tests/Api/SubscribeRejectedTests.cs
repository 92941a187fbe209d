using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AiMesh.Contracts;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// Every kind of bad input answers 400 problem details and publishes nothing. This class has a Kafka
/// cluster of its own, so counting data-topic's messages around each request is exact.
/// </summary>
public sealed class SubscribeRejectedTests(IngestWithKafka ingest) : IClassFixture<IngestWithKafka>
{
    private static readonly int s_maxBodyBytes = new IngestOptions().MaxBodyBytes;

    private static readonly Dictionary<string, (Func<HttpContent?> Content, string Title, bool OnText)> s_cases = new()
    {
        ["no body"] = (() => null, "Missing body", false),
        ["an empty JSON body"] = (() => Json(string.Empty), "Missing body", false),
        ["malformed JSON"] = (() => Json("""{"text": "unterminated"""), "Malformed JSON", false),
        ["a JSON array"] = (() => Json("""["hello"]"""), "Body is not a JSON object", false),
        ["a JSON string"] = (() => Json("\"hello\""), "Body is not a JSON object", false),
        ["no text property"] = (() => Json("{}"), "Invalid text", true),
        ["an unexpected property"] = (() => Json("""{"message": "hello"}"""), "Unexpected property", false),
        ["a valid text and an unexpected property"] = (() => Json("""{"text": "hello", "lang": "en"}"""), "Unexpected property", false),
        ["two text properties"] = (() => Json("""{"text": "a", "Text": "b"}"""), "Invalid text", true),
        ["a name with a lone surrogate"] = (() => Json("""{"\ud800": "a"}"""), "Malformed JSON", false),
        ["a name of invalid UTF-8"] = (() => Utf8Json([.. "{\"te"u8, 0xFF, .. "xt\": \"a\"}"u8]), "Malformed JSON", false),
        ["a valid text beside an undecodable name"] = (() => Json("""{"text": "hello", "\udc00": 1}"""), "Malformed JSON", false),
        ["a valid text beside an invalid UTF-8 name"] = (() => Utf8Json([.. "{\"text\": \"hello\", \""u8, 0xFF, .. "\": 1}"u8]), "Malformed JSON", false),
        ["JSON nested too deep"] = (() => Json(new string('[', 100) + new string(']', 100)), "Malformed JSON", false),
        ["a null text"] = (() => Json("""{"text": null}"""), "Invalid text", true),
        ["a numeric text"] = (() => Json("""{"text": 42}"""), "Invalid text", true),
        ["an empty text"] = (() => Json("""{"text": ""}"""), "Invalid text", true),
        ["a whitespace text"] = (() => Json("""{"text": " \t\n "}"""), "Invalid text", true),
        ["a text with NUL"] = (() => Json("""{"text": "a\u0000b"}"""), "Invalid text", true),
        ["a text with U+FFFE"] = (() => Json("""{"text": "poison pill \ufffe"}"""), "Invalid text", true),
        ["a text with U+FFFF"] = (() => Json("""{"text": "\uffff"}"""), "Invalid text", true),
        ["a text with U+FDD0"] = (() => Json("""{"text": "a\ufdd0"}"""), "Invalid text", true),
        ["a text with U+1FFFE"] = (() => Json("""{"text": "a\ud83f\udffe"}"""), "Invalid text", true),
        ["a text with a lone high surrogate"] = (() => Json("""{"text": "a\ud800b"}"""), "Invalid text", true),
        ["a text with a lone low surrogate"] = (() => Json("""{"text": "a\udc00"}"""), "Invalid text", true),
        ["a text of invalid UTF-8"] = (() => Utf8Json([.. "{\"text\": \"a"u8, 0xFF, .. "\"}"u8]), "Invalid text", true),
        ["a text over the limit"] = (() => Json($$"""{"text": "{{new string('x', 4001)}}"}"""), "Invalid text", true),
        ["a text/plain body"] = (() => new StringContent("hello", Encoding.UTF8, "text/plain"), "Unsupported content type", false),
        ["a form body"] = (() => new FormUrlEncodedContent([new("text", "hello")]), "Unsupported content type", false),
        ["a body without content type"] = (() => WithoutContentType("""{"text": "hello"}"""), "Unsupported content type", false),
        ["a large body with Content-Length"] = (() => Json($$"""{"text": "{{new string('x', s_maxBodyBytes)}}"}"""), "Body too large", false),
        ["a large chunked body"] = (() => Chunked(10 * 1024 * 1024), "Body too large", false),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputIsRefusedWithProblemDetailsAndNothingIsPublished(string name)
    {
        var (content, title, onText) = s_cases[name];
        using var client = ingest.App.CreateClient();
        var before = ingest.DataTopic.CountMessages();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/subscribe") { Content = content() };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        if (onText)
        {
            var errors = problem.GetProperty("errors").GetProperty("text");
            Assert.Equal(problem.GetProperty("detail").GetString(), Assert.Single(errors.EnumerateArray()).GetString());
        }
        else
        {
            Assert.False(problem.TryGetProperty("errors", out _));
        }

        // A good text after the bad one: once Kafka has acknowledged it, the bad one would be there too.
        using var sentinel = await client.PostAsJsonAsync("/api/subscribe", new { text = "sentinel" }, TestContext.Current.CancellationToken).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Accepted, sentinel.StatusCode);
        Assert.Equal(before + 1, ingest.DataTopic.CountMessages());
    }

    [Fact]
    public async Task AMalformedBodyIsAnsweredWithWhereItBroke()
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsync("/api/subscribe", Json("{\n  \"text\": oops\n}"), TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("The body is not valid JSON at line 2, byte 11:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APoisonPillWithANoncharacterIsRefusedInTheWordsOfTheTextRule()
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsync("/api/subscribe", Json("""{"text":"poison pill \ufffe"}"""), TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(TextViolation.Noncharacter.Description, problem.GetProperty("detail").GetString());
        Assert.Equal(TextViolation.Noncharacter.Description, Assert.Single(problem.GetProperty("errors").GetProperty("text").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task ATooLongTextIsAnsweredWithTheLimit()
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = new string('€', 4001) }, TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at most 4000 characters", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static ByteArrayContent Utf8Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ByteArrayContent WithoutContentType(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = null;
        return content;
    }

    private static StreamContent Chunked(int length)
    {
        // A stream that cannot say its length, so the request carries no Content-Length.
        var content = new StreamContent(new NonSeekableStream(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"text": "{{new string('x', length)}}"}"""))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
