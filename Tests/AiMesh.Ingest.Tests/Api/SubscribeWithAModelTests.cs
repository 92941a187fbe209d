using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// A submission naming a model, checked against Ai's list (a <see cref="FakeAi"/> over a real socket)
/// before anything is published. Refusals count data-topic's messages around a sentinel, so "nothing
/// published" is exact: this class has a Kafka cluster of its own.
/// </summary>
public sealed class SubscribeWithAModelTests(IngestWithAi ingest) : IClassFixture<IngestWithAi>
{
    private const string Choices = "Models that can be chosen (names match ignoring case): sentiment (the default), sentiment-fast, sentiment-lexicon, llm-keyed.";

    [Theory]
    [InlineData("sentiment-fast", "sentiment-fast")]
    [InlineData("  Sentiment-FAST\t", "sentiment-fast")]
    [InlineData("SENTIMENT-LEXICON", "sentiment-lexicon")]
    public async Task ABuiltInModelIsPublishedUnderItsCanonicalName(string requested, string published)
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "I love this", model = requested }, TestContext.Current.CancellationToken).DefaultTimeout();

        var submitted = await PublishedAsync(response);
        Assert.Equal(published, submitted.Model);
        Assert.Equal("I love this", submitted.Text);
    }

    [Theory]
    [InlineData("llm-keyed")]
    [InlineData("LLM-Keyed ")]
    public async Task AnLlmModelThatCanAnswerIsPublishedUnderItsCanonicalName(string requested)
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsync("/api/subscribe", Json($$"""{"Model": "{{requested}}", "text": "What a day"}"""), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal("llm-keyed", (await PublishedAsync(response)).Model);
    }

    [Fact]
    public async Task ANullModelIsPublishedAsNoModelForInferencesDefault()
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsync("/api/subscribe", Json("""{"text": "fine", "model": null}"""), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Null((await PublishedAsync(response)).Model);
    }

    [Theory]
    [InlineData("LLM")]
    [InlineData(" llm ")]
    public async Task AnLlmModelThatCannotAnswerIsRefusedWithAisReasonAndNothingIsPublished(string requested)
    {
        using var client = ingest.App.CreateClient();
        var before = ingest.DataTopic.CountMessages();

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "hello", model = requested }, TestContext.Current.CancellationToken).DefaultTimeout();

        var detail = await AssertModelRefusedAsync(response, "Model unavailable");
        Assert.Equal($"The model 'llm' cannot answer now: {FakeAi.UnavailableReason} {Choices}", detail);
        Assert.Equal(before + 1, await ingest.CountAfterASentinelAsync(client));
    }

    [Theory]
    [InlineData("gpt-5", "gpt-5")]
    [InlineData(" sentiment-slow ", "sentiment-slow")]
    [InlineData("sentiment fast", "sentiment fast")]
    public async Task AnUnknownModelIsRefusedListingTheChoicesAndNothingIsPublished(string requested, string quoted)
    {
        using var client = ingest.App.CreateClient();
        var before = ingest.DataTopic.CountMessages();

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "hello", model = requested }, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal($"There is no model named '{quoted}'. {Choices}", await AssertModelRefusedAsync(response, "Invalid model"));
        Assert.Equal(before + 1, await ingest.CountAfterASentinelAsync(client));
    }

    [Theory]
    [InlineData("""{"text": "hello", "model": 42}""", "must be a string; it is a number")]
    [InlineData("""{"text": "hello", "model": true}""", "must be a string; it is a boolean")]
    [InlineData("""{"text": "hello", "model": {"name": "sentiment"}}""", "must be a string; it is an object")]
    [InlineData("""{"text": "hello", "model": ["sentiment"]}""", "must be a string; it is an array")]
    [InlineData("""{"text": "hello", "model": ""}""", "is blank")]
    [InlineData("""{"text": "hello", "model": " \t "}""", "is blank")]
    [InlineData("""{"text": "hello", "model": "a\ud800"}""", "is not valid Unicode")]
    public async Task AModelThatIsNotANameIsRefusedListingTheChoicesAndNothingIsPublished(string body, string fault)
    {
        using var client = ingest.App.CreateClient();
        var before = ingest.DataTopic.CountMessages();

        using var response = await client.PostAsync("/api/subscribe", Json(body), TestContext.Current.CancellationToken).DefaultTimeout();

        var detail = await AssertModelRefusedAsync(response, "Invalid model");
        Assert.StartsWith($"The 'model' property {fault}", detail, StringComparison.Ordinal);
        Assert.EndsWith(Choices, detail, StringComparison.Ordinal);
        Assert.Equal(before + 1, await ingest.CountAfterASentinelAsync(client));
    }

    [Fact]
    public async Task TwoModelPropertiesAreRefused()
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsync("/api/subscribe", Json("""{"text": "a", "model": "sentiment", "MODEL": "sentiment-fast"}"""), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Contains("more than one 'model'", await AssertModelRefusedAsync(response, "Invalid model"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadTextIsRefusedForItsTextWhateverTheModel()
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = " ", model = "gpt-5" }, TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid text", problem.GetProperty("title").GetString());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A 400 validation problem on <c>model</c>, with <paramref name="title"/>; returns its detail.</summary>
    private static async Task<string> AssertModelRefusedAsync(HttpResponseMessage response, string title)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Equal(detail, Assert.Single(problem.GetProperty("errors").GetProperty("model").EnumerateArray()).GetString());
        Assert.Null(response.Headers.Location);
        return detail;
    }

    private async Task<TextSubmitted> PublishedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        var message = await ingest.DataTopic.ReadAsync(id.ToString()).DefaultTimeout();
        var submitted = JsonSerializer.Deserialize(message.Message.Value, ContractsJsonContext.Default.TextSubmitted)!;
        Assert.Equal(id, submitted.Id);
        return submitted;
    }
}
