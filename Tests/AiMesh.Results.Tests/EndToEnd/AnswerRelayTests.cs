using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.Tests.Postgres;
using AiMesh.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AiMesh.Results.Tests.EndToEnd;

/// <summary>The answer relay as the pipeline uses it: pieces on answer-topic in, <c>/ws/answers</c> frames out, nothing stored.</summary>
public sealed class AnswerRelayTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PiecesOnTheTopicReachEveryAnswerClientInOrderAndAreNotStored()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var alice = await app.ConnectAnswerStreamAsync();
        using var bob = await app.ConnectAnswerStreamAsync();
        using var results = await app.ConnectResultStreamAsync();
        using var topic = new AnswerTopic(kafka.BootstrapServers);
        await topic.WaitUntilRelayedAsync(alice, bob);
        var id = Guid.NewGuid();
        // The text was redelivered halfway: its answer streams again from sequence 0.
        var pieces = TestAnswers.Pieces(id, "The", " sky", " is").Concat(TestAnswers.Pieces(id, "The", " sky", " is", " blue")).ToList();

        foreach (var piece in pieces)
        {
            await topic.ProduceAsync(piece);
        }

        Assert.Equal(pieces, await alice.ReceiveChunksAsync(pieces.Count));
        Assert.Equal(pieces, await bob.ReceiveChunksAsync(pieces.Count));

        await using var database = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM results"));
        using var http = app.CreateClient();
        using (var notStored = await http.GetAsync($"/api/results/{id}", CancellationToken).DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.NotFound, notStored.StatusCode);
        }

        // The whole answer comes on result-topic, and it is the first thing /ws/results shows: no piece went there.
        var whole = TestAnswers.Result(id);
        using var resultTopic = new ResultTopic(kafka.BootstrapServers);
        await resultTopic.ProduceAsync(whole);
        Assert.Equal(whole, await results.ReceiveResultAsync());
    }

    [Fact]
    public async Task AMalformedPieceIsSkippedAndTheNextOneArrives()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var client = await app.ConnectAnswerStreamAsync();
        using var topic = new AnswerTopic(kafka.BootstrapServers);
        await topic.WaitUntilRelayedAsync(client);
        var id = Guid.NewGuid();
        var next = TestAnswers.Chunk(id, sequence: 0, "Still here");

        await topic.ProduceRawAsync("garbage", Encoding.UTF8.GetBytes("this is not JSON"));
        await topic.ProduceRawAsync("no value", null);
        await topic.ProduceRawAsync("null", Encoding.UTF8.GetBytes("null"));
        await topic.ProduceRawAsync("no id", Encoding.UTF8.GetBytes("""{"sequence":0,"text":"t","model":"llm"}"""));
        await topic.ProduceRawAsync(id.ToString(), Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","sequence":-1,"text":"t","model":"llm"}"""));
        await topic.ProduceRawAsync(id.ToString(), Encoding.UTF8.GetBytes($$"""{"id":"{{id}}","sequence":0,"text":"lone \ud800 surrogate","model":"llm"}"""));
        await topic.ProduceAsync(next);

        Assert.Equal(next, await client.ReceiveChunkAsync());
        await AsyncTestHelpers.WaitUntilAsync(() => metrics.Sum("aimesh.results.answer_chunks.skipped") == 6);
    }

    [Fact]
    public async Task PiecesWrittenBeforeTheRelayStartedAreNotReplayed()
    {
        await using var kafka = await TestKafka.StartAsync();
        using var topic = new AnswerTopic(kafka.BootstrapServers);
        // Unreadable, so that reading it shows in the log even before any client could connect.
        await topic.ProduceRawAsync("old", Encoding.UTF8.GetBytes("written while Results was away"));
        var fresh = TestAnswers.Chunk(Guid.NewGuid(), sequence: 0, "New");

        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectAnswerStreamAsync();
        await topic.WaitUntilRelayedAsync(client);
        await topic.ProduceAsync(fresh);

        Assert.Equal(fresh, await client.ReceiveChunkAsync());
        // The old piece sits before the probes in the same partition: had the relay read it, it would
        // have been logged as skipped before the first probe arrived.
        Assert.DoesNotContain(app.LogLines, line => line.Contains("Skipped answer-topic", StringComparison.Ordinal));
    }
}
