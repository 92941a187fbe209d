using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

public sealed class SubscribeAcceptedTests(IngestWithKafka ingest) : IClassFixture<IngestWithKafka>
{
    [Fact]
    public async Task AnAcceptedTextIsOnDataTopicKeyedByItsIdWithTheIdAndLocationInTheAnswer()
    {
        using var client = ingest.App.CreateClient();
        var before = DateTimeOffset.UtcNow;

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "I love this" }, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var id = answer.RootElement.GetProperty("id").GetGuid();
        var acceptedAt = answer.RootElement.GetProperty("acceptedAt").GetDateTimeOffset();
        Assert.Equal(7, id.Version);
        Assert.InRange(acceptedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal($"/api/results/{id}", response.Headers.Location?.OriginalString);

        var message = await ingest.DataTopic.ReadAsync(id.ToString()).DefaultTimeout();
        using var json = JsonDocument.Parse(message.Message.Value);
        // TextSubmitted carries the model asked for; null (Inference's default) when the text named none.
        Assert.Equal(["id", "text", "acceptedAt", "model"], json.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("model").ValueKind);
        var published = JsonSerializer.Deserialize(message.Message.Value, ContractsJsonContext.Default.TextSubmitted);
        Assert.Equal(new TextSubmitted(id, "I love this", acceptedAt), published);
    }

    [Fact]
    public async Task MultiByteTextArrivesOnDataTopicUnchanged()
    {
        using var client = ingest.App.CreateClient();
        const string Text = "Ça marche très bien 😀 — 日本語も大丈夫";

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = Text }, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var message = await ingest.DataTopic.ReadAsync(id.ToString()).DefaultTimeout();
        Assert.Equal(Text, JsonSerializer.Deserialize(message.Message.Value, ContractsJsonContext.Default.TextSubmitted)!.Text);
    }

    [Fact]
    public async Task EveryAcceptedTextGetsAnIdOfItsOwn()
    {
        using var client = ingest.App.CreateClient();

        var ids = new List<Guid>();
        foreach (var text in new[] { "same", "same", "other" })
        {
            using var response = await client.PostAsJsonAsync("/api/subscribe", new { text }, TestContext.Current.CancellationToken).DefaultTimeout();
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid());
        }

        Assert.Equal(3, ids.Distinct().Count());
        foreach (var id in ids)
        {
            Assert.Equal(id.ToString(), (await ingest.DataTopic.ReadAsync(id.ToString()).DefaultTimeout()).Message.Key);
        }
    }
}
