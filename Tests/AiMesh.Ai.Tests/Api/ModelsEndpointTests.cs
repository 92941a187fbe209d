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
        Assert.Equal(["default", "models"], HttpAssert.PropertyNames(list));
        Assert.Equal("sentiment", list.GetProperty("default").GetString());
        var model = Assert.Single(list.GetProperty("models").EnumerateArray());
        Assert.Equal(["name", "description", "isDefault"], HttpAssert.PropertyNames(model));
        Assert.Equal("sentiment", model.GetProperty("name").GetString());
        Assert.Contains("sentiment", model.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', model.GetProperty("description").GetString()!);
        Assert.True(model.GetProperty("isDefault").GetBoolean());
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
        Assert.Equal(["echo", "sentiment"], list.GetProperty("models").EnumerateArray().Select(model => model.GetProperty("name").GetString()));
        Assert.Equal([true, false], list.GetProperty("models").EnumerateArray().Select(model => model.GetProperty("isDefault").GetBoolean()));

        var echoed = await HttpAssert.ReadJsonAsync(byDefault, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal("echo", echoed.GetProperty("model").GetString());
        Assert.Equal("echoed", echoed.GetProperty("label").GetString());

        var sentiment = await HttpAssert.ReadJsonAsync(byName, HttpStatusCode.OK, "application/json").DefaultTimeout();
        Assert.Equal("sentiment", sentiment.GetProperty("model").GetString());
        Assert.Equal("positive", sentiment.GetProperty("label").GetString());

        var problem = await HttpAssert.ReadBadRequestProblemAsync(unknown).DefaultTimeout();
        Assert.Contains("Available models: echo, sentiment", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
