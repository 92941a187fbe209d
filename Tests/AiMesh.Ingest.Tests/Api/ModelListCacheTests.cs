using System.Net;
using System.Net.Http.Json;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// How often Ingest asks Ai for its model list: never for a text naming no model, once per
/// <c>Ingest:ModelListCacheDuration</c> otherwise, once for a burst that arrives while it asks, and again
/// at once after a failure. Each test has an Ingest and an Ai of its own, so the counts are exact.
/// </summary>
public sealed class ModelListCacheTests
{
    private static readonly Dictionary<string, string?> s_aMinute = new() { ["Ingest:ModelListCacheDuration"] = "00:01:00" };

    [Fact]
    public async Task ATextNamingNoModelNeverAsksAi()
    {
        await using var ingest = await IngestWithAi.StartAsync(s_aMinute);
        using var client = ingest.App.CreateClient();

        using var absent = await client.PostAsJsonAsync("/api/subscribe", new { text = "no model" }, TestContext.Current.CancellationToken).DefaultTimeout();
        using var asNull = await client.PostAsJsonAsync("/api/subscribe", new { text = "null model", model = (string?)null }, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Accepted, absent.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, asNull.StatusCode);
        Assert.Equal(0, ingest.Ai.ModelListRequests);
    }

    [Fact]
    public async Task ASecondSubmissionWithinTheCacheDurationDoesNotAskAiAgain()
    {
        await using var ingest = await IngestWithAi.StartAsync(s_aMinute);
        using var client = ingest.App.CreateClient();

        await AssertAcceptedAsync(client, "sentiment");
        await AssertAcceptedAsync(client, "sentiment-fast");

        Assert.Equal(1, ingest.Ai.ModelListRequests);
    }

    [Fact]
    public async Task ABurstOfSubmissionsWhileAiIsBeingAskedAsksAiOnce()
    {
        await using var ingest = await IngestWithAi.StartAsync(s_aMinute);
        ingest.Ai.Delay = TimeSpan.FromMilliseconds(500);
        using var client = ingest.App.CreateClient();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => AssertAcceptedAsync(client, "sentiment")));

        Assert.Equal(1, ingest.Ai.ModelListRequests);
    }

    [Fact]
    public async Task OnceTheCacheDurationHasPassedAiIsAskedAgain()
    {
        await using var ingest = await IngestWithAi.StartAsync(new Dictionary<string, string?> { ["Ingest:ModelListCacheDuration"] = "00:00:00.200" });
        using var client = ingest.App.CreateClient();

        await AssertAcceptedAsync(client, "sentiment");
        await Task.Delay(TimeSpan.FromMilliseconds(400), TestContext.Current.CancellationToken);
        await AssertAcceptedAsync(client, "sentiment");

        Assert.Equal(2, ingest.Ai.ModelListRequests);
    }

    [Fact]
    public async Task AFailureIsNotCachedTheNextSubmissionAsksAiAgain()
    {
        await using var ingest = await IngestWithAi.StartAsync(s_aMinute);
        using var client = ingest.App.CreateClient();
        ingest.Ai.Answer = FakeAiAnswer.ServerError;

        using var refused = await PostAsync(client, "sentiment");
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        var askedWhileFailing = ingest.Ai.ModelListRequests;

        ingest.Ai.Answer = FakeAiAnswer.ModelList;
        await AssertAcceptedAsync(client, "sentiment");

        Assert.Equal(askedWhileFailing + 1, ingest.Ai.ModelListRequests);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string model) =>
        client.PostAsJsonAsync("/api/subscribe", new { text = "hello", model }, TestContext.Current.CancellationToken).DefaultTimeout();

    private static async Task AssertAcceptedAsync(HttpClient client, string model)
    {
        using var response = await PostAsync(client, model);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
    }
}
