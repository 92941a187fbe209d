using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Ingest.Tests.Infrastructure;
using AiMesh.ServiceDefaults.Hosting;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.Tests.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.Ingest.Tests.Api;

/// <summary>Listing and replaying dead letters written by the real <see cref="DeadLetterPublisher"/>, on a mock cluster of the test's own.</summary>
public sealed class DeadLettersApiTests : IAsyncLifetime
{
    private readonly KafkaMockCluster _kafka = new();
    private IngestApp _app = null!;
    private HttpClient _http = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _kafka.InitializeAsync();
        _app = IngestApp.WithKafka(_kafka.BootstrapServers);
        _http = _app.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _kafka.DisposeAsync();
    }

    [Fact]
    public async Task Dead_letters_are_listed_with_why_replayed_once_to_their_topic_and_then_shown_as_replayed()
    {
        await DeadLetterAsync("first", """{"text":"one"}""", offset: 10);
        await DeadLetterAsync("second", """{"text":"two"}""", offset: 11);

        var listed = await ListAsync(Topics.Data);
        Assert.Equal(["second", "first"], listed.Select(entry => entry.GetProperty("key").GetString()));
        var first = listed[1];
        Assert.Equal(Topics.Data, first.GetProperty("sourceTopic").GetString());
        Assert.Equal(10, first.GetProperty("sourceOffset").GetInt64());
        Assert.Equal("invalid-text", first.GetProperty("errorType").GetString());
        Assert.Equal("the text is poison", first.GetProperty("errorMessage").GetString());
        Assert.Equal(3, first.GetProperty("attempts").GetInt32());
        Assert.Equal("inference-test", first.GetProperty("instance").GetString());
        Assert.Equal("""{"text":"one"}""", first.GetProperty("value").GetString());
        Assert.Equal(0, first.GetProperty("replays").GetInt32());
        Assert.False(first.GetProperty("replayed").GetBoolean());

        var replayed = await ReplayAsync(Topics.Data);
        Assert.Equal(["first", "second"], replayed.Select(entry => entry.GetProperty("key").GetString()).Order());
        Assert.All(replayed, entry => Assert.Equal(Topics.Data, entry.GetProperty("topic").GetString()));

        var back = TopicReader.ReadAll(_kafka.BootstrapServers, Topics.Data).Single(message => Encoding.UTF8.GetString(message.Message.Key!) == "first");
        Assert.Equal("""{"text":"one"}"""u8.ToArray(), back.Message.Value);
        Assert.Equal(1, DeadLetterHeaders.ReadNumber(back.Message.Headers, DeadLetterHeaders.Replays));
        Assert.DoesNotContain(back.Message.Headers, header => header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal));

        Assert.All(await ListAsync(Topics.Data), entry => Assert.True(entry.GetProperty("replayed").GetBoolean()));
        Assert.Empty(await ReplayAsync(Topics.Data));
    }

    [Fact]
    public async Task A_replayed_message_that_fails_again_is_a_new_dead_letter_that_only_a_new_replay_sends_back()
    {
        await DeadLetterAsync("again", """{"text":"x"}""", offset: 1);
        Assert.Single(await ReplayAsync(Topics.Data));
        var replayedMessage = TopicReader.ReadAll(_kafka.BootstrapServers, Topics.Data).Single();

        // The consumer fails on the replayed message too: it dead-letters it with its replay count.
        await Publisher().PublishAsync(replayedMessage, new DeadLetterReason("invalid-text", "still poison", 1), Cancellation).DefaultTimeout();

        var listed = await ListAsync(Topics.Data);
        Assert.Equal([1, 0], listed.Select(entry => entry.GetProperty("replays").GetInt32()));
        Assert.Single(await ReplayAsync(Topics.Data));
        Assert.Empty(await ReplayAsync(Topics.Data));
    }

    [Fact]
    public async Task Unknown_topics_and_limits_out_of_range_are_problems()
    {
        using var unknown = await _http.GetAsync("/api/dead-letters/other-topic", Cancellation).DefaultTimeout();
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);

        using var replayUnknown = await _http.PostAsync("/api/dead-letters/other-topic/replay", content: null, Cancellation).DefaultTimeout();
        await ProblemAssert.IsProblemAsync(replayUnknown, HttpStatusCode.NotFound);

        using var badLimit = await _http.GetAsync("/api/dead-letters/data-topic?limit=0", Cancellation).DefaultTimeout();
        await ProblemAssert.IsProblemAsync(badLimit, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_topic_without_dead_letters_lists_none()
    {
        Assert.Empty(await ListAsync(Topics.Results));
        Assert.Empty(await ReplayAsync(Topics.Results));
    }

    private async Task DeadLetterAsync(string key, string value, long offset)
    {
        var consumed = new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset(Topics.Data, 0, offset),
            Message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value), Headers = [] },
        };
        await Publisher().PublishAsync(consumed, new DeadLetterReason("invalid-text", "the text is poison", 3), Cancellation).DefaultTimeout();
    }

    private DeadLetterPublisher Publisher() => new(
        _app.Services.GetRequiredService<IProducer<byte[]?, byte[]?>>(),
        new ServiceInstance("inference", "test"),
        TimeProvider.System,
        _app.Services.GetRequiredService<IMeterFactory>(),
        NullLogger<DeadLetterPublisher>.Instance);

    private async Task<List<JsonElement>> ListAsync(string topic) =>
        [.. (await _http.GetFromJsonAsync<JsonElement>($"/api/dead-letters/{topic}", Cancellation).DefaultTimeout()).EnumerateArray()];

    private async Task<List<JsonElement>> ReplayAsync(string topic)
    {
        using var response = await _http.PostAsync($"/api/dead-letters/{topic}/replay", content: null, Cancellation).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray()];
    }
}
