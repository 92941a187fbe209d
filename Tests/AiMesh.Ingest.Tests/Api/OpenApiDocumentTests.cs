using System.Net;
using System.Text.Json;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task TheDocumentDescribesSubscribeWithItsBodyAndEveryAnswer()
    {
        var document = await GetDocumentAsync();
        var paths = document.GetProperty("paths");

        var subscribe = paths.GetProperty("/api/subscribe").GetProperty("post");
        Assert.Equal("SubmitText", subscribe.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(subscribe.GetProperty("summary").GetString()));
        Assert.True(subscribe.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(["text", "model"], RequestBodyProperties(document, subscribe));
        var responses = subscribe.GetProperty("responses");
        Assert.Equal(["202", "400", "408", "429", "503", "504"], responses.EnumerateObject().Select(response => response.Name).Order());
        Assert.True(responses.GetProperty("202").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("408").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("429").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("503").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("504").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.Contains("429", subscribe.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDocumentDescribesTheResultsRelayTheModelListAndKafkaStatus()
    {
        var paths = (await GetDocumentAsync()).GetProperty("paths");

        Assert.Equal(
            ["200", "400", "404", "503"],
            paths.GetProperty("/api/results/{id}").GetProperty("get").GetProperty("responses").EnumerateObject().Select(response => response.Name).Order());
        var models = paths.GetProperty("/api/models").GetProperty("get");
        Assert.Equal("ListModels", models.GetProperty("operationId").GetString());
        Assert.Equal(["200", "503"], models.GetProperty("responses").EnumerateObject().Select(response => response.Name).Order());
        Assert.True(models.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(
            ["200", "503"],
            paths.GetProperty("/kafka-status").GetProperty("get").GetProperty("responses").EnumerateObject().Select(response => response.Name).Order());
    }

    /// <summary>The request body's property names, following the schema's reference into the components.</summary>
    private static IEnumerable<string> RequestBodyProperties(JsonElement document, JsonElement operation)
    {
        var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return [.. schema.GetProperty("properties").EnumerateObject().Select(property => property.Name)];
    }

    private static async Task<JsonElement> GetDocumentAsync()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}");
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }
}
