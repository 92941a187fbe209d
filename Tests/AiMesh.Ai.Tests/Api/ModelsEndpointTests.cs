using System.Net;
using AiMesh.Ai.Models;
using AiMesh.Ai.Tests.TestSupport;
using Microsoft.AspNetCore.TestHost;

namespace AiMesh.Ai.Tests.Api;

public sealed class ModelsEndpointTests(AiApiFactory factory) : IClassFixture<AiApiFactory>
{
    [Fact]
    public async Task TheModelsAreListedWithDescriptionsAndTheDefault()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/models", TestContext.Current.CancellationToken).DefaultTimeout();

        var list = await HttpAssert.ReadJsonAsync(response, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal(["default", "models", "llms"], HttpAssert.PropertyNames(list));
        Assert.Equal("sentiment", list.GetProperty("default").GetString());
        var models = list.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["sentiment", "sentiment-fast", "sentiment-lexicon"], models.Select(model => model.GetProperty("name").GetString()));
        Assert.All(models, model =>
        {
            Assert.Equal(["name", "description", "isDefault", "version", "labels", "evaluation", "ready"], HttpAssert.PropertyNames(model));
            Assert.Contains("sentiment", model.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain('\n', model.GetProperty("description").GetString()!);
            Assert.Equal(["negative", "neutral", "positive"], model.GetProperty("labels").EnumerateArray().Select(label => label.GetString()));
            Assert.True(model.GetProperty("ready").GetBoolean());
            Assert.False(string.IsNullOrEmpty(model.GetProperty("version").GetString()));
        });
        Assert.Equal([true, false, false], models.Select(model => model.GetProperty("isDefault").GetBoolean()));

        // The trained models say how they did on the held-out set; the rule-based one was never evaluated on it.
        foreach (var trained in models.Take(2))
        {
            var evaluation = trained.GetProperty("evaluation");
            Assert.Equal("sentiment-heldout.tsv", evaluation.GetProperty("dataSet").GetString());
            Assert.InRange(evaluation.GetProperty("accuracy").GetDouble(), 0.85, 1.0);
            Assert.Equal(3, evaluation.GetProperty("recall").EnumerateObject().Count());
        }

        Assert.Equal(System.Text.Json.JsonValueKind.Null, models[2].GetProperty("evaluation").ValueKind);
    }

    [Fact]
    public async Task AnotherModelPlugsInBesideTheBuiltInOneAndCanBeTheDefault()
    {
        await using var withEcho = factory.WithWebHostBuilder(builder => builder
            .UseSetting("Ai:DefaultModel", "echo")
            .ConfigureTestServices(services => services.AddInferenceModel<EchoModel>()));
        using var client = withEcho.CreateClient();

        using var listResponse = await client.GetAsync("/api/models", TestContext.Current.CancellationToken).DefaultTimeout();
        using var byDefault = await client.PostAsync("/api/infer", HttpAssert.Json("""{"text": "good"}"""), TestContext.Current.CancellationToken).DefaultTimeout();
        using var byName = await client.PostAsync("/api/infer", HttpAssert.Json("""{"text": "good", "model": "sentiment"}"""), TestContext.Current.CancellationToken).DefaultTimeout();
        using var unknown = await client.PostAsync("/api/infer", HttpAssert.Json("""{"text": "good", "model": "llm"}"""), TestContext.Current.CancellationToken).DefaultTimeout();

        var list = await HttpAssert.ReadJsonAsync(listResponse, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal("echo", list.GetProperty("default").GetString());
        Assert.Equal(["echo", "sentiment", "sentiment-fast", "sentiment-lexicon"], list.GetProperty("models").EnumerateArray().Select(model => model.GetProperty("name").GetString()));
        Assert.Equal([true, false, false, false], list.GetProperty("models").EnumerateArray().Select(model => model.GetProperty("isDefault").GetBoolean()));

        var echoed = await HttpAssert.ReadJsonAsync(byDefault, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal("echo", echoed.GetProperty("model").GetString());
        Assert.Equal("echoed", echoed.GetProperty("label").GetString());

        var sentiment = await HttpAssert.ReadJsonAsync(byName, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal("sentiment", sentiment.GetProperty("model").GetString());
        Assert.Equal("positive", sentiment.GetProperty("label").GetString());

        var problem = await HttpAssert.ReadBadRequestProblemAsync(unknown).DefaultTimeout();
        Assert.Contains("Available models: echo, sentiment, sentiment-fast, sentiment-lexicon", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
