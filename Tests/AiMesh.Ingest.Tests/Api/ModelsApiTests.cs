using System.Net;
using System.Net.Http.Json;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// <c>GET /api/models</c> on Ingest: Ai's list relayed unchanged through the cache submissions use, or a
/// 503 problem with Retry-After when Ai gives none. Each test has an Ingest and an Ai of its own.
/// </summary>
public sealed class ModelsApiTests
{
    [Fact]
    public async Task AisListIsRelayedUnchangedAsJson()
    {
        await using var ai = new FakeAi();
        await ai.InitializeAsync();
        await using var app = IngestFindingAiAt(ai.Address);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/models", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FakeAi.ModelListJson, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, ai.ModelListRequests);
    }

    [Fact]
    public async Task AnAiThatCannotBeReachedIs503WithRetryAfter()
    {
        await using var app = IngestFindingAiAt(new Uri($"http://127.0.0.1:{Ports.Closed()}"));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/models", TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Ai is unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(FakeAiAnswer.ServerError)]
    [InlineData(FakeAiAnswer.NotJson)]
    [InlineData(FakeAiAnswer.NotAModelList)]
    public async Task AnAiThatGivesNoModelListIs503(FakeAiAnswer answer)
    {
        await using var ai = new FakeAi { Answer = answer };
        await ai.InitializeAsync();
        await using var app = IngestFindingAiAt(ai.Address);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/models", TestContext.Current.CancellationToken).DefaultTimeout();

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task ListingAndSubmittingShareOneAnswerFromAi()
    {
        await using var ingest = await IngestWithAi.StartAsync(new Dictionary<string, string?> { ["Ingest:ModelListCacheDuration"] = "00:01:00" });
        using var client = ingest.App.CreateClient();

        using var list = await client.GetAsync("/api/models", TestContext.Current.CancellationToken).DefaultTimeout();
        using var submitted = await client.PostAsJsonAsync("/api/subscribe", new { text = "hello", model = "sentiment-fast" }, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.Equal(1, ingest.Ai.ModelListRequests);
    }

    /// <summary>An Ingest on a Kestrel port (Kafka unreachable: listing never touches it) that finds Ai at <paramref name="ai"/>.</summary>
    private static IngestApp IngestFindingAiAt(Uri ai)
    {
        var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}", new Dictionary<string, string?> { ["services:ai:http:0"] = ai.ToString() });
        app.StartOnKestrel();
        return app;
    }
}
