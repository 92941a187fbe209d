using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Ingest.Tests.Infrastructure;

namespace AiMesh.Ingest.Tests.Api;

public sealed class KafkaStatusTests(IngestWithKafka ingest) : IClassFixture<IngestWithKafka>
{
    [Fact]
    public async Task AReachableClusterIsAvailableWithItsBrokersAndTheTopicsPartitions()
    {
        using var client = ingest.App.CreateClient();

        using var response = await client.GetAsync("/kafka-status", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("available", status.GetProperty("status").GetString());

        var brokers = status.GetProperty("brokers").EnumerateArray()
            .Select(broker => $"{broker.GetProperty("host").GetString()}:{broker.GetProperty("port").GetInt32()}")
            .Order()
            .ToList();
        Assert.Equal(ingest.BootstrapServers.Split(',').Order(), brokers);
        Assert.All(status.GetProperty("brokers").EnumerateArray(), broker => Assert.True(broker.GetProperty("id").GetInt32() > 0));

        var topic = status.GetProperty("topic");
        Assert.Equal("data-topic", topic.GetProperty("name").GetString());
        Assert.Equal(ingest.DataTopic.PartitionCount(), topic.GetProperty("partitions").GetInt32());
    }

    [Fact]
    public async Task AClusterThatCannotBeReachedIsUnavailableWithTheReason()
    {
        await using var app = IngestApp.WithKafka(
            $"127.0.0.1:{Ports.Closed()}",
            new Dictionary<string, string?> { ["Ingest:KafkaStatusTimeout"] = "00:00:01" });
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/kafka-status", TestContext.Current.CancellationToken).DefaultTimeout(TimeSpan.FromSeconds(30));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Kafka is unavailable", problem.GetProperty("title").GetString());
        Assert.Contains("no metadata within 00:00:01", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
