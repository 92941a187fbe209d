using System.Net;
using AiMesh.Ai.Tests.TestSupport;

namespace AiMesh.Ai.Tests.Api;

public sealed class BatchEndpointTests(AiApiFactory factory) : IClassFixture<AiApiFactory>
{
    private const string Body = """{"texts": ["This product is terrible!", "The train leaves at nine in the morning.", "I love it, works great."], "model": "MODEL"}""";

    private static readonly string[] s_texts = ["This product is terrible!", "The train leaves at nine in the morning.", "I love it, works great."];

    [Theory]
    [InlineData("sentiment")]
    [InlineData("sentiment-fast")]
    [InlineData("sentiment-lexicon")]
    public async Task A_batch_is_answered_one_prediction_per_text_in_order_naming_model_version_and_replica(string model)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/infer/batch", HttpAssert.Json(Body.Replace("MODEL", model, StringComparison.Ordinal)), TestContext.Current.CancellationToken).DefaultTimeout();

        var answer = await HttpAssert.ReadJsonAsync(response, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal(model, answer.GetProperty("model").GetString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("modelVersion").GetString()));
        Assert.Equal($"{AiApiFactory.ServiceName}-{AiApiFactory.InstanceId}", answer.GetProperty("instance").GetString());
        var batched = answer.GetProperty("predictions").EnumerateArray().Select(prediction => prediction.GetProperty("label").GetString()).ToList();

        // In order: each text's prediction is the one it gets alone.
        List<string?> alone = [];
        foreach (var text in s_texts)
        {
            using var single = await client.PostAsync("/api/infer", HttpAssert.Json($$"""{"text": "{{text}}", "model": "{{model}}"}"""), TestContext.Current.CancellationToken).DefaultTimeout();
            alone.Add((await HttpAssert.ReadJsonAsync(single, HttpStatusCode.OK, "application/json").DefaultTimeout()).GetProperty("label").GetString());
        }

        Assert.Equal(alone, batched);
    }

    [Fact]
    public async Task The_default_model_reads_plain_sentences_right()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/infer/batch", HttpAssert.Json(Body.Replace("\"model\": \"MODEL\"", "\"model\": null", StringComparison.Ordinal)), TestContext.Current.CancellationToken).DefaultTimeout();

        var answer = await HttpAssert.ReadJsonAsync(response, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal("sentiment", answer.GetProperty("model").GetString());
        Assert.Equal(["negative", "neutral", "positive"], answer.GetProperty("predictions").EnumerateArray().Select(prediction => prediction.GetProperty("label").GetString()));
    }

    [Theory]
    [InlineData("""{"texts": []}""", "texts")]
    [InlineData("""{"model": "sentiment"}""", "texts")]
    [InlineData("""{"texts": ["fine", "  "]}""", "texts[1]")]
    [InlineData("""{"texts": ["fine"], "model": "nope"}""", "model")]
    public async Task Bad_batches_are_refused_with_problem_details_naming_the_field(string body, string field)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/infer/batch", HttpAssert.Json(body), TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await HttpAssert.ReadBadRequestProblemAsync(response).DefaultTimeout();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}': {problem}");
    }

    [Fact]
    public async Task A_batch_over_the_limit_is_refused()
    {
        using var client = factory.CreateClient();
        var texts = string.Join(", ", Enumerable.Repeat("\"fine\"", 129));

        using var response = await client.PostAsync("/api/infer/batch", HttpAssert.Json($$"""{"texts": [{{texts}}]}"""), TestContext.Current.CancellationToken).DefaultTimeout();

        var problem = await HttpAssert.ReadBadRequestProblemAsync(response).DefaultTimeout();
        Assert.Contains("129 texts; the limit is 128", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
