using System.Net;
using System.Text.Json;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task TheDocumentDescribesSubscribeWithItsBodyAndEveryAnswer()
    {
        var paths = await GetPathsAsync();

        var subscribe = paths.GetProperty("/api/subscribe").GetProperty("post");
        Assert.Equal("SubmitText", subscribe.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(subscribe.GetProperty("summary").GetString()));
        Assert.True(subscribe.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        var responses = subscribe.GetProperty("responses");
        Assert.Equal(["202", "400", "408", "503"], responses.EnumerateObject().Select(response => response.Name).Order());
        Assert.True(responses.GetProperty("202").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("408").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("503").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task TheDocumentDescribesTheResultsRelayAndKafkaStatus()
    {
        var paths = await GetPathsAsync();

        Assert.Equal(
            ["200", "400", "404", "503"],
            paths.GetProperty("/api/results/{id}").GetProperty("get").GetProperty("responses").EnumerateObject().Select(response => response.Name).Order());
        Assert.Equal(
            ["200", "503"],
            paths.GetProperty("/kafka-status").GetProperty("get").GetProperty("responses").EnumerateObject().Select(response => response.Name).Order());
    }

    private static async Task<JsonElement> GetPathsAsync()
    {
        await using var app = IngestApp.WithKafka($"127.0.0.1:{Ports.Closed()}");
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.GetProperty("paths").Clone();
    }
}
