using System.Net;
using System.Text.Json;
using AiMesh.Ai.Models;
using AiMesh.Ai.Models.Sentiment;
using AiMesh.Ai.Tests.TestSupport;
using AiMesh.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ai.Tests.Api;

public sealed class InferEndpointTests(AiApiFactory factory) : IClassFixture<AiApiFactory>
{
    private async Task<JsonElement> InferAsync(string json)
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/infer", HttpAssert.Json(json), TestContext.Current.CancellationToken).DefaultTimeout();
        return await HttpAssert.ReadJsonAsync(response, HttpStatusCode.OK, "application/json").DefaultTimeout();
    }

    [Fact]
    public async Task AnInferenceAnswersLabelScoreModelAndTheReplicaThatRanIt()
    {
        var answer = await InferAsync("""{"text": "This product is terrible!", "model": "sentiment"}""");

        Assert.Equal(["label", "score", "model", "instance", "modelVersion"], HttpAssert.PropertyNames(answer));
        Assert.Equal(SentimentLabels.Negative, answer.GetProperty("label").GetString());
        Assert.InRange(answer.GetProperty("score").GetDouble(), 0.5, 1.0);
        Assert.Equal("sentiment", answer.GetProperty("model").GetString());
        Assert.Equal(factory.Services.GetServices<IInferenceModel>().Single(model => model.Name == "sentiment").Version, answer.GetProperty("modelVersion").GetString());
        Assert.Equal($"{AiApiFactory.ServiceName}-{AiApiFactory.InstanceId}", answer.GetProperty("instance").GetString());
        Assert.Equal(factory.Services.GetRequiredService<ServiceInstance>().Name, answer.GetProperty("instance").GetString());
    }

    [Theory]
    [InlineData("""{"text": "The staff were wonderful."}""")]
    [InlineData("""{"text": "The staff were wonderful.", "model": null}""")]
    [InlineData("""{"Text": "The staff were wonderful.", "MODEL": "SENTIMENT"}""")]
    public async Task WithoutAModelTheDefaultAnswersAndNamesAreCaseInsensitive(string json)
    {
        var answer = await InferAsync(json);

        Assert.Equal("sentiment", answer.GetProperty("model").GetString());
        Assert.Equal(SentimentLabels.Positive, answer.GetProperty("label").GetString());
    }

    [Fact]
    public async Task TheAnswerIsTheModelsOwn()
    {
        const string Text = "The flight was delayed, but the crew were kind and helpful.";

        var answer = await InferAsync($$"""{"text": "{{Text}}", "model": "sentiment-lexicon"}""");
        var direct = PredictDirectly(Text);

        Assert.Equal(direct.Label, answer.GetProperty("label").GetString());
        Assert.Equal(direct.Score, answer.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task ATextExactlyAtTheLimitIsAccepted()
    {
        var text = new string('a', new AiOptions().MaxTextLength);

        var answer = await InferAsync($$"""{"text": "{{text}}", "model": "sentiment-lexicon"}""");

        Assert.Equal(SentimentLabels.Neutral, answer.GetProperty("label").GetString());
    }

    private static ModelPrediction PredictDirectly(string text) => new LexiconSentimentModel().Predict(text);
}
