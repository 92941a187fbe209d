using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Contracts;
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

    [Fact]
    public async Task ThePipelineSectionShowsEachStagesLagTheBoundsAndWhetherTextsAreRefused()
    {
        await using var own = new IngestWithKafka { Settings = new Dictionary<string, string?> { ["Ingest:Backpressure:MaxLag"] = "1000" } };
        await own.InitializeAsync();
        using var topics = new PipelineTopics(own.BootstrapServers);
        topics.Produce(Topics.Data, partitions: 4, perPartition: 3);
        topics.Produce(Topics.Results, partitions: 4, perPartition: 2);
        topics.Commit(ConsumerGroups.Results, Topics.Results, partition: 0, offset: 1);
        using var client = own.App.CreateClient();

        var pipeline = default(JsonElement);
        await AsyncTestHelpers.WaitUntilAsync(async () =>
        {
            pipeline = await PipelineAsync(client);
            return pipeline.GetProperty("lag").ValueKind == JsonValueKind.Number && pipeline.GetProperty("lag").GetInt64() == 19;
        });

        Assert.Equal(1000, pipeline.GetProperty("maxLag").GetInt64());
        Assert.Equal(750, pipeline.GetProperty("resumeLag").GetInt64());
        Assert.False(pipeline.GetProperty("refusingTexts").GetBoolean());
        Assert.Equal(JsonValueKind.Null, pipeline.GetProperty("problem").ValueKind);
        Assert.InRange(pipeline.GetProperty("readAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var stages = pipeline.GetProperty("stages").EnumerateArray()
            .Select(stage => (
                stage.GetProperty("stage").GetString(),
                stage.GetProperty("topic").GetString(),
                stage.GetProperty("group").GetString(),
                stage.GetProperty("partitions").GetInt32(),
                stage.GetProperty("lag").GetInt64()))
            .ToList();
        Assert.Equal([("inference", "data-topic", "inference", 4, 12L), ("results", "result-topic", "results", 4, 7L)], stages);
    }

    /// <summary>The <c>pipeline</c> section of a 200 from <c>/kafka-status</c>.</summary>
    internal static async Task<JsonElement> PipelineAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/kafka-status", TestContext.Current.CancellationToken).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("pipeline");
    }
}
