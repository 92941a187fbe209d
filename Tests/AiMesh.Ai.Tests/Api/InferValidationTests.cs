using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AiMesh.Ai.Tests.TestSupport;

namespace AiMesh.Ai.Tests.Api;

public sealed class InferValidationTests(AiApiFactory factory) : IClassFixture<AiApiFactory>
{
    public static TheoryData<string, string, string?> InvalidJsonBodies() => new()
    {
        // body, the detail must contain, the field named in "errors" (null: not a validation error)
        { "{}", "missing or empty", "text" },
        { """{"text": null}""", "missing or empty", "text" },
        { """{"text": ""}""", "missing or empty", "text" },
        { """{"text": "  \n\t "}""", "missing or empty", "text" },
        { """{"model": "sentiment"}""", "missing or empty", "text" },
        { """{"text": "good", "model": "gpt-9"}""", "no model named 'gpt-9'. Available models: sentiment", "model" },
        { """{"text": "good", "model": "sentiment-v2"}""", "Available models: sentiment", "model" },
        { "{\"text\": \"good", "not valid JSON", null },
        { """{"text": 5}""", "not valid JSON", null },
        { """["good"]""", "not valid JSON", null },
        { "", "not valid JSON", null },
        { "null", "JSON null", null },
    };

    [Theory]
    [MemberData(nameof(InvalidJsonBodies))]
    public async Task AnInvalidBodyIsABadRequestWithProblemDetails(string body, string expectedDetail, string? invalidField)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/infer", HttpAssert.Json(body), TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await HttpAssert.ReadBadRequestProblemAsync(response).DefaultTimeout();
        Assert.Contains(expectedDetail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (invalidField is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(invalidField, out _), $"No '{invalidField}' in {problem}");
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task ABodyThatIsNotJsonIsABadRequestWithProblemDetails(string? contentType)
    {
        using var client = factory.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"text": "good"}"""));
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.PostAsync("/api/infer", content, TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await HttpAssert.ReadBadRequestProblemAsync(response).DefaultTimeout();
        Assert.Contains("content type", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(contentType ?? "(none)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownCharsetIsABadRequestWithProblemDetails()
    {
        using var client = factory.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"text": "good"}"""));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=no-such-charset");

        using var response = await client.PostAsync("/api/infer", content, TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await HttpAssert.ReadBadRequestProblemAsync(response).DefaultTimeout();
        Assert.Contains("'no-such-charset' is no known encoding", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json")]
    public async Task JsonInAnyKnownCharsetIsRead(string contentType)
    {
        using var client = factory.CreateClient();
        var encoding = contentType.Contains("utf-16", StringComparison.Ordinal) ? Encoding.Unicode : Encoding.UTF8;
        using var content = new ByteArrayContent(encoding.GetBytes("""{"text": "Wonderful staff."}"""));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.PostAsync("/api/infer", content, TestContext.Current.CancellationToken).DefaultTimeout();

        var answer = await HttpAssert.ReadJsonAsync(response, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal("positive", answer.GetProperty("label").GetString());
    }

    [Fact]
    public async Task BytesThatAreNotUtf8AreABadRequest()
    {
        using var client = factory.CreateClient();
        byte[] notUtf8 = [.. Encoding.UTF8.GetBytes("{\"text\": \"good "), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")];
        using var content = new ByteArrayContent(notUtf8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");

        using var response = await client.PostAsync("/api/infer", content, TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await HttpAssert.ReadBadRequestProblemAsync(response).DefaultTimeout();
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATextOverTheDefaultLimitIsABadRequest()
    {
        var limit = new AiOptions().MaxTextLength;
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/infer", HttpAssert.Json($$"""{"text": "{{new string('a', limit + 1)}}"}"""), TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await HttpAssert.ReadBadRequestProblemAsync(response).DefaultTimeout();
        Assert.Equal(20_000, limit);
        Assert.Contains($"{limit + 1} characters long; the limit is {limit}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task TheLimitComesFromConfiguration()
    {
        await using var limited = factory.WithWebHostBuilder(builder => builder.UseSetting("Ai:MaxTextLength", "10"));
        using var client = limited.CreateClient();

        using var atLimit = await client.PostAsync("/api/infer", HttpAssert.Json("""{"text": "0123456789"}"""), TestContext.Current.CancellationToken).DefaultTimeout();
        using var overLimit = await client.PostAsync("/api/infer", HttpAssert.Json("""{"text": "0123456789X"}"""), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        var problem = await HttpAssert.ReadBadRequestProblemAsync(overLimit).DefaultTimeout();
        Assert.Contains("the limit is 10", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
