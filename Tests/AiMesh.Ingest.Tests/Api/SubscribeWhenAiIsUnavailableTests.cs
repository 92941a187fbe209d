using System.Net;
using System.Net.Http.Json;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// A submission naming a model while Ai's list cannot be had: 503 with Retry-After, nothing published,
/// whether Ai is unreachable, fails, answers with something else than its list, or never answers. A value
/// that names no model is still the client's mistake: 400. Each test has an Ingest of its own.
/// </summary>
public sealed class SubscribeWhenAiIsUnavailableTests
{
    // Short, so an Ai that never answers costs the test seconds, not the standard handler's 30.
    private static readonly Dictionary<string, string?> s_shortHttpTimeouts = new()
    {
        ["HttpClientDefaults:Resilience:AttemptTimeout:Timeout"] = "00:00:00.500",
        ["HttpClientDefaults:Resilience:TotalRequestTimeout:Timeout"] = "00:00:02",
    };

    [Fact]
    public async Task AnAiThatCannotBeReachedIs503WithRetryAfterAndNothingIsPublished()
    {
        await using var ingest = await IngestWithAi.StartAsync(s_shortHttpTimeouts, aiAddress: new Uri($"http://127.0.0.1:{Ports.Closed()}"));

        await AssertUnavailableAndNothingPublishedAsync(ingest);
    }

    [Theory]
    [InlineData(FakeAiAnswer.ServerError)]
    [InlineData(FakeAiAnswer.NotJson)]
    [InlineData(FakeAiAnswer.NotAModelList)]
    [InlineData(FakeAiAnswer.Hang)]
    public async Task AnAiThatGivesNoModelListIs503WithRetryAfterAndNothingIsPublished(FakeAiAnswer answer)
    {
        await using var ingest = await IngestWithAi.StartAsync(s_shortHttpTimeouts);
        ingest.Ai.Answer = answer;

        await AssertUnavailableAndNothingPublishedAsync(ingest);

        Assert.True(ingest.Ai.ModelListRequests > 0);
    }

    [Fact]
    public async Task AModelThatIsNotANameIsStillRefusedWith400WhileAiCannotBeReached()
    {
        await using var ingest = await IngestWithAi.StartAsync(s_shortHttpTimeouts, aiAddress: new Uri($"http://127.0.0.1:{Ports.Closed()}"));
        using var client = ingest.App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "hello", model = 42 }, TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid model", problem.GetProperty("title").GetString());
        Assert.Contains("cannot be listed now", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertUnavailableAndNothingPublishedAsync(IngestWithAi ingest)
    {
        using var client = ingest.App.CreateClient();
        var before = ingest.DataTopic.CountMessages();

        // Well within the test's timeout, yet past the 2 s Ingest may spend asking Ai.
        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "hello", model = "sentiment" }, TestContext.Current.CancellationToken)
            .DefaultTimeout(TimeSpan.FromSeconds(20));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Ai is unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Null(response.Headers.Location);
        Assert.Equal(before + 1, await ingest.CountAfterASentinelAsync(client));
    }
}
