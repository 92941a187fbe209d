using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text;
using AiMesh.Contracts;
using AiMesh.Results.Consuming;
using AiMesh.Results.Storage;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.ServiceDefaults.Kafka.DeadLetters;
using AiMesh.Tests.Kafka;
using AiMesh.Tests.Postgres;
using AiMesh.Tests.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AiMesh.Results.Tests.Consuming;

/// <summary>
/// One batch handed to the service's <see cref="ResultBatchHandler"/> directly, so each test decides
/// exactly what the batch holds; rows go to a real PostgreSQL, dead letters to the mock cluster and pushes
/// to real WebSocket clients.
/// </summary>
public sealed class ResultBatchHandlerTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly Dictionary<string, string?> s_fastRetries = new()
    {
        ["Results:DatabaseRetryDelay"] = "00:00:00.050",
        ["Results:DatabaseRetryMaxDelay"] = "00:00:00.200",
    };

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheSameResultTwiceInOneBatchKeepsTheFirstAnswerInOneRowAndIsPushedOnce()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var client = await app.ConnectResultStreamAsync();
        var a = TestResults.Create(label: "positive");
        var aAgain = a with { Label = "negative", InferenceInstance = "inference-99999999" };
        var b = TestResults.Create();
        List<TopicPartitionOffset> offsets = [];

        await HandleAsync(app, [ResultMessages.Of(a, 0, 10), ResultMessages.Of(aAgain, 0, 11), ResultMessages.Of(b, 0, 12)], offsets.AddRange);

        Assert.Equal([a, b], await ReceiveUpToMarkerAsync(app, client));
        await using var database = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(2L, await database.ScalarAsync<long>("SELECT count(*) FROM results"));
        Assert.Equal("positive", await database.ScalarAsync<string>($"SELECT label FROM results WHERE id = '{a.Id}'"));
        Assert.Equal((2, 1), (metrics.Sum("aimesh.results.stored"), metrics.Sum("aimesh.results.duplicates")));
        Assert.Equal([new TopicPartitionOffset(Topics.Results, 0, 13)], offsets);
    }

    [Fact]
    public async Task ABatchOfNewStoredAndRefusedResultsStoresTheGoodOnesDeadLettersOnlyTheBadOnesAndMovesPastAll()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var client = await app.ConnectResultStreamAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        var stored = TestResults.Create(label: "positive");
        Assert.True(await app.GetRequiredService<ResultStore>().TryInsertAsync(stored, CancellationToken).DefaultTimeout());
        var first = TestResults.Create();
        var second = TestResults.Create();
        // PostgreSQL text cannot hold a NUL character, and the message check looks at the text only: the
        // database refuses this row, and with it the batch's one statement.
        var refused = TestResults.Create(label: "posi\0tive");
        List<TopicPartitionOffset> offsets = [];

        await HandleAsync(
            app,
            [
                ResultMessages.Of(first, 0, 5),
                ResultMessages.Of(stored with { Label = "negative" }, 1, 7),
                ResultMessages.Of(refused, 0, 6),
                ResultMessages.Raw("garbage", Encoding.UTF8.GetBytes("this is not JSON"), 2, 3),
                ResultMessages.Of(second, 1, 8),
            ],
            offsets.AddRange);

        Assert.Equal([first, second], await ReceiveUpToMarkerAsync(app, client));
        Assert.Equal(
            [(first.Id, "positive"), (second.Id, "positive"), (stored.Id, "positive")],
            await RowsAsync(database, first.Id, second.Id, stored.Id, refused.Id));
        var letters = TopicReader.ReadAll(kafka.BootstrapServers, Topics.ResultsDeadLetters).Select(DeadLetter.From).OrderBy(letter => letter.SourcePartition).ToList();
        Assert.Equal(
            [(0, 6L, typeof(PostgresException).FullName), (2, 3L, typeof(InvalidResultException).FullName)],
            letters.Select(letter => (letter.SourcePartition!.Value, letter.SourceOffset!.Value, letter.ErrorType)));
        Assert.Equal((2, 1), (metrics.Sum("aimesh.results.stored"), metrics.Sum("aimesh.results.duplicates")));
        Assert.Equal(
            [new TopicPartitionOffset(Topics.Results, 0, 7), new TopicPartitionOffset(Topics.Results, 1, 9), new TopicPartitionOffset(Topics.Results, 2, 4)],
            offsets.OrderBy(offset => offset.Partition.Value));
    }

    [Fact]
    public async Task NoOffsetIsStoredWhileTheDatabaseIsAwayAndTheWholeBatchIsStoredOnceItIsBack()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers, s_fastRetries);
        await app.WaitForMigrationAsync();
        using var client = await app.ConnectResultStreamAsync();
        await using var database = NpgsqlDataSource.Create(connectionString);
        var results = Enumerable.Range(0, 3).Select(_ => TestResults.Create()).ToList();
        ConcurrentQueue<TopicPartitionOffset> offsets = new();

        // Without its table the database refuses every insert, as it would while unreachable.
        await database.ExecuteAsync("ALTER TABLE results RENAME TO results_away");
        var handling = HandleAsync(app, [.. results.Select((result, i) => ResultMessages.Of(result, 3, 20 + i))], stored => stored.ToList().ForEach(offsets.Enqueue));
        await AsyncTestHelpers.WaitUntilAsync(() => app.LogLines.Any(line => line.Contains("Could not store 3 result(s) (attempt 3)", StringComparison.Ordinal)));

        Assert.False(handling.IsCompleted);
        Assert.Empty(offsets);
        Assert.NotNull(app.GetRequiredService<ConsumerStatus>().WaitingForDatabase);
        await database.ExecuteAsync("ALTER TABLE results_away RENAME TO results");
        await handling.DefaultTimeout();

        Assert.Equal([new TopicPartitionOffset(Topics.Results, 3, 23)], offsets);
        Assert.Equal(results, await ReceiveUpToMarkerAsync(app, client));
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT count(*) FROM results"));
        Assert.Empty(TopicReader.ReadAll(kafka.BootstrapServers, Topics.ResultsDeadLetters));
    }

    [Fact]
    public async Task ABatchReadAgainAfterACrashBeforeItsOffsetsKeepsOneRowPerIdAndPushesOnlyWhatIsNew()
    {
        await using var kafka = await TestKafka.StartAsync();
        var connectionString = await server.CreateAsync();
        await using var app = new ResultsApp(connectionString, kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var client = await app.ConnectResultStreamAsync();
        var a = TestResults.Create();
        var b = TestResults.Create();
        var c = TestResults.Create();
        List<ConsumeResult<byte[]?, byte[]?>> firstDelivery = [ResultMessages.Of(a, 0, 0), ResultMessages.Of(b, 0, 1)];
        List<TopicPartitionOffset> offsets = [];

        // The process dies once the batch is committed, before any offset is stored (or pushed).
        await Assert.ThrowsAsync<SimulatedCrashException>(() => HandleAsync(app, firstDelivery, _ => throw new SimulatedCrashException()));
        // Its successor reads the batch again, and what came after it.
        await HandleAsync(app, [.. ResultMessages.Again(firstDelivery), ResultMessages.Of(c, 0, 2)], offsets.AddRange);

        Assert.Equal([c], await ReceiveUpToMarkerAsync(app, client));
        await using var database = NpgsqlDataSource.Create(connectionString);
        Assert.Equal(3L, await database.ScalarAsync<long>("SELECT count(*) FROM results"));
        Assert.Equal(3L, await database.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM results WHERE id IN ('{a.Id}', '{b.Id}', '{c.Id}')"));
        // The crashed run counted nothing: a and b count as found stored by the run that finished.
        Assert.Equal((1, 2), (metrics.Sum("aimesh.results.stored"), metrics.Sum("aimesh.results.duplicates")));
        Assert.Equal([new TopicPartitionOffset(Topics.Results, 0, 3)], offsets);
    }

    [Fact]
    public async Task EachMessageKeepsItsTraceWhileTheBatchIsOneInsertSpanAndOnePushSpanLinkedToTheOthers()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var client = await app.ConnectResultStreamAsync();
        var results = Enumerable.Range(0, 3).Select(_ => TestResults.Create()).ToList();
        var senders = results.Select(_ => new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)).ToList();
        var traces = senders.Select(sender => sender.TraceId).ToHashSet();
        using var recorder = new SpanRecorder("AiMesh.Results", "AiMesh.Kafka", "Npgsql");
        var spans = recorder.Stopped.Where(span => traces.Contains(span.TraceId));

        await HandleAsync(app, [.. results.Select((result, i) => ResultMessages.Of(result, 0, i, senders[i]))], _ => { });

        Assert.Equal(results, await client.ReceiveResultsAsync(3));
        var processing = senders.Select(sender => Assert.Single(spans, span => span.DisplayName == "result-topic process" && span.TraceId == sender.TraceId)).ToList();
        Assert.All(processing.Zip(senders), pair => Assert.Equal(pair.Second.SpanId, pair.First.ParentSpanId));
        var insert = Assert.Single(spans, span => span.Source.Name == "Npgsql");
        Assert.Equal(processing[0].SpanId, insert.ParentSpanId);
        var push = Assert.Single(spans, span => span.DisplayName == "/ws/results push");
        Assert.Equal(processing[0].SpanId, push.ParentSpanId);
        Assert.Equal(processing.Skip(1).Select(span => span.Context.SpanId), push.Links.Select(link => link.Context.SpanId));
        Assert.Equal(3, push.GetTagItem("aimesh.websocket.messages"));
    }

    private static Task HandleAsync(ResultsApp app, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, Action<IReadOnlyList<TopicPartitionOffset>> storeOffsets) =>
        app.GetRequiredService<ResultBatchHandler>().HandleAsync(batch, storeOffsets, CancellationToken).DefaultTimeout();

    /// <summary>Every result the client got up to a marker published after the handler returned: all it was pushed, and nothing twice.</summary>
    private static async Task<List<InferenceResult>> ReceiveUpToMarkerAsync(ResultsApp app, WebSocket client)
    {
        var marker = TestResults.Create(label: "marker");
        app.ResultBroadcaster.Publish(marker);
        List<InferenceResult> received = [];
        while (await client.ReceiveResultAsync() is var result && result.Id != marker.Id)
        {
            received.Add(result);
        }

        return received;
    }

    private static async Task<List<(Guid Id, string Label)>> RowsAsync(NpgsqlDataSource database, params Guid[] ids)
    {
        await using var command = database.CreateCommand("SELECT id, label FROM results WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        List<(Guid Id, string Label)> rows = [];
        while (await reader.ReadAsync(CancellationToken))
        {
            rows.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return [.. rows.OrderBy(row => Array.IndexOf(ids, row.Id))];
    }

    private sealed class SimulatedCrashException : Exception;
}
