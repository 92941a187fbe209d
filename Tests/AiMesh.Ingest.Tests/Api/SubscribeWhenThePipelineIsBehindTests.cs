using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Ingest.Telemetry;
using AiMesh.Ingest.Tests.Infrastructure;
using AiMesh.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>
/// Backpressure: with the bound at 50 messages (resume at 37), a pipeline whose consumers have not caught up
/// gets its texts refused with 429 and Retry-After, published nowhere, until a group commits far enough.
/// The lag is read every 100 ms; each test waits for the state change with a generous deadline. The
/// messages are put on the topics by the test (4 partitions each), as Ingest and Inference would; every
/// test has a cluster of its own, since each moves the lag.
/// </summary>
public sealed class SubscribeWhenThePipelineIsBehindTests
{
    private const int Partitions = 4;

    private static readonly Dictionary<string, string?> s_smallBound = new()
    {
        ["Ingest:Backpressure:MaxLag"] = "50",
        ["Ingest:Backpressure:CheckInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task ALagAboveTheBoundRefusesATextWith429RetryAfterAndAProblemAndPublishesNothing()
    {
        await using var ingest = await StartAsync();
        using var topics = new PipelineTopics(ingest.BootstrapServers);
        using var metrics = new MetricRecorder(ingest.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var client = ingest.App.CreateClient();
        topics.Produce(Topics.Data, Partitions, perPartition: 15);
        await WaitUntilRefusingAsync(client, refusing: true);

        using var response = await PostAsync(client, "one more");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("The pipeline is behind", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("60 messages behind", detail, StringComparison.Ordinal);
        Assert.Contains("60 waiting for inference on data-topic", detail, StringComparison.Ordinal);
        Assert.Contains("bound of 50", detail, StringComparison.Ordinal);
        Assert.Contains("back to 37", detail, StringComparison.Ordinal);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Null(response.Headers.Location);
        Assert.Equal(60, ingest.DataTopic.CountMessages());
        Assert.Equal(1, metrics.Sum(IngestMetrics.RefusedName));
    }

    [Fact]
    public async Task OnceInferenceHasCaughtUpBelowTheResumeLevelTextsAreAcceptedAgain()
    {
        await using var ingest = await StartAsync();
        using var topics = new PipelineTopics(ingest.BootstrapServers);
        using var client = ingest.App.CreateClient();
        topics.Produce(Topics.Data, Partitions, perPartition: 15);
        await WaitUntilRefusingAsync(client, refusing: true);

        // 45 left: under the bound, yet above the resume level of 37, so still refused.
        topics.Commit(ConsumerGroups.Inference, Topics.Data, partition: 0, offset: 15);
        await WaitUntilLagAsync(client, 45);
        using (var stillBehind = await PostAsync(client, "not yet"))
        {
            await ProblemAssert.IsProblemAsync(stillBehind, HttpStatusCode.TooManyRequests);
        }

        topics.CommitToEnd(ConsumerGroups.Inference, Topics.Data, Partitions);

        await WaitUntilRefusingAsync(client, refusing: false);
        using var response = await PostAsync(client, "caught up");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(61, ingest.DataTopic.CountMessages());
    }

    [Fact]
    public async Task ALagOfTheResultsStageCountsToo()
    {
        await using var ingest = await StartAsync();
        using var topics = new PipelineTopics(ingest.BootstrapServers);
        using var client = ingest.App.CreateClient();
        topics.Produce(Topics.Results, Partitions, perPartition: 15);
        await WaitUntilRefusingAsync(client, refusing: true);

        using (var refused = await PostAsync(client, "results are behind"))
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.Contains("60 waiting for results on result-topic", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        topics.CommitToEnd(ConsumerGroups.Results, Topics.Results, Partitions);

        await WaitUntilRefusingAsync(client, refusing: false);
        using var response = await PostAsync(client, "results caught up");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task TheStagesLagsAddUp()
    {
        await using var ingest = await StartAsync();
        using var topics = new PipelineTopics(ingest.BootstrapServers);
        using var client = ingest.App.CreateClient();

        // 28 and 28: each stage within the bound, together above it.
        topics.Produce(Topics.Data, Partitions, perPartition: 7);
        topics.Produce(Topics.Results, Partitions, perPartition: 7);

        await WaitUntilRefusingAsync(client, refusing: true);
        using var response = await PostAsync(client, "both are a little behind");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ABadRequestIsStillRefusedWith400WhileThePipelineIsBehind()
    {
        await using var ingest = await StartAsync();
        using var topics = new PipelineTopics(ingest.BootstrapServers);
        using var client = ingest.App.CreateClient();
        topics.Produce(Topics.Data, Partitions, perPartition: 15);
        await WaitUntilRefusingAsync(client, refusing: true);

        using var response = await client.PostAsJsonAsync("/api/subscribe", new { text = "" }, TestContext.Current.CancellationToken).DefaultTimeout();

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ALagThatCannotBeReadRefusesNoText()
    {
        await using var ingest = await StartAsync();
        using var topics = new PipelineTopics(ingest.BootstrapServers);
        using var client = ingest.App.CreateClient();
        topics.Produce(Topics.Data, Partitions, perPartition: 15);
        await WaitUntilRefusingAsync(client, refusing: true);

        // Without a leader, result-topic's offsets cannot be listed: no reading, while data-topic's lag stays.
        ingest.Kafka.SetPartitionLeader(Topics.Results, 0, -1);
        try
        {
            var pipeline = await WaitForPipelineAsync(client, status => status.GetProperty("problem").ValueKind == JsonValueKind.String);
            Assert.Contains(Topics.Results, pipeline.GetProperty("problem").GetString(), StringComparison.Ordinal);
            Assert.False(pipeline.GetProperty("refusingTexts").GetBoolean());

            using var response = await PostAsync(client, "the lag is unknown");

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        finally
        {
            ingest.Kafka.SetPartitionLeader(Topics.Results, 0, 1);
        }

        // Readable again, and still behind: refused again.
        await WaitUntilRefusingAsync(client, refusing: true);
    }

    private static async Task<IngestWithKafka> StartAsync()
    {
        var ingest = new IngestWithKafka { Settings = s_smallBound };
        await ingest.InitializeAsync();
        return ingest;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string text) =>
        client.PostAsJsonAsync("/api/subscribe", new { text }, TestContext.Current.CancellationToken).DefaultTimeout();

    private static Task WaitUntilRefusingAsync(HttpClient client, bool refusing) =>
        WaitForPipelineAsync(client, pipeline => pipeline.GetProperty("refusingTexts").GetBoolean() == refusing);

    private static Task WaitUntilLagAsync(HttpClient client, long lag) =>
        WaitForPipelineAsync(client, pipeline => pipeline.GetProperty("lag").ValueKind == JsonValueKind.Number && pipeline.GetProperty("lag").GetInt64() == lag);

    /// <summary>The pipeline section of <c>/kafka-status</c>, once it satisfies <paramref name="condition"/>.</summary>
    private static async Task<JsonElement> WaitForPipelineAsync(HttpClient client, Func<JsonElement, bool> condition)
    {
        var pipeline = default(JsonElement);
        await AsyncTestHelpers.WaitUntilAsync(async () =>
        {
            pipeline = await KafkaStatusTests.PipelineAsync(client);
            return condition(pipeline);
        });
        return pipeline;
    }
}
