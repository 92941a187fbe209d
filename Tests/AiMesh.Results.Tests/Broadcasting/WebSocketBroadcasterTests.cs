using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Contracts;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.Tests.Postgres;
using AiMesh.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Results.Tests.Broadcasting;

public sealed class WebSocketBroadcasterTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryConnectedClientReceivesEveryResultInOrder()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var first = await app.ConnectResultStreamAsync();
        using var second = await app.ConnectResultStreamAsync();
        var results = Enumerable.Range(0, 3).Select(i => TestResults.Create(completedAt: TestResults.BaseTime.AddSeconds(i))).ToList();

        foreach (var result in results)
        {
            app.ResultBroadcaster.Publish(result);
        }

        Assert.Equal(results, await first.ReceiveResultsAsync(3));
        Assert.Equal(results, await second.ReceiveResultsAsync(3));
    }

    [Fact]
    public async Task ABatchReachesEveryClientOnceAsOneJsonTextFramePerResultInOrder()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var first = await app.ConnectResultStreamAsync();
        using var second = await app.ConnectResultStreamAsync();
        var batch = Enumerable.Range(0, 5).Select(i => TestResults.Create(completedAt: TestResults.BaseTime.AddSeconds(i))).ToList();
        var next = TestResults.Create();

        app.ResultBroadcaster.PublishMany(batch);
        app.ResultBroadcaster.Publish(next);

        foreach (var client in new[] { first, second })
        {
            List<InferenceResult> received = [];
            for (var i = 0; i < 6; i++)
            {
                // Each frame is one whole JSON object: a client parses each text message on its own.
                var text = await client.ReceiveTextAsync();
                Assert.NotNull(text);
                received.Add(JsonSerializer.Deserialize(text, ContractsJsonContext.Default.InferenceResult)!);
            }

            Assert.Equal([.. batch, next], received);
        }
    }

    [Fact]
    public async Task ABatchThatWouldOverfillAClientsQueueDropsTheClientForTheNumberOfResultsNotTheNumberOfBatches()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers, new Dictionary<string, string?>
        {
            ["Results:ClientQueueSize"] = "4",
            ["Results:MaxBatchSize"] = "4",
        });
        await app.WaitForMigrationAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var client = await app.ConnectResultStreamAsync();
        var fits = Enumerable.Range(0, 4).Select(_ => TestResults.Create()).ToList();

        app.ResultBroadcaster.PublishMany(fits);
        Assert.Equal(fits, await client.ReceiveResultsAsync(4));
        app.ResultBroadcaster.PublishMany([.. Enumerable.Range(0, 5).Select(_ => TestResults.Create())]);

        await AsyncTestHelpers.WaitUntilAsync(() => app.ResultBroadcaster.ClientCount == 0);
        Assert.Equal(1, metrics.Sum("aimesh.results.broadcast.drops", "stream", "results"));
        Assert.Null(await client.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
    }

    [Fact]
    public async Task ABatchPushIsOneSpanUnderTheCurrentMessageLinkedToTheOthers()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectResultStreamAsync();
        using var recorder = new SpanRecorder("AiMesh.Results");
        var pushes = recorder.Stopped;
        var others = Enumerable.Range(0, 2).Select(_ => new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded)).ToList();
        using var processing = new Activity("result-topic process").Start();
        var batch = Enumerable.Range(0, 3).Select(_ => TestResults.Create()).ToList();

        app.ResultBroadcaster.PublishMany(batch, others.Select(other => new ActivityLink(other)));
        processing.Stop();

        var push = Assert.Single(pushes, push => push.TraceId == processing.TraceId);
        Assert.Equal("/ws/results push", push.DisplayName);
        Assert.Equal(processing.SpanId, push.ParentSpanId);
        Assert.Equal(others, push.Links.Select(link => link.Context));
        Assert.Equal(3, push.GetTagItem("aimesh.websocket.messages"));
        Assert.Null(push.GetTagItem("aimesh.result.id"));
        Assert.Equal(batch, await client.ReceiveResultsAsync(3));
    }

    [Fact]
    public async Task APushIsASpanInTheTraceOfTheMessageThatStoredTheResult()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectResultStreamAsync();
        using var recorder = new SpanRecorder("AiMesh.Results");
        var pushes = recorder.Stopped;
        using var processing = new Activity("result-topic process").Start();
        var result = TestResults.Create();

        app.ResultBroadcaster.Publish(result);
        processing.Stop();

        // Other tests' pushes run meanwhile, in traces of their own.
        var push = Assert.Single(pushes, push => push.TraceId == processing.TraceId);
        Assert.Equal("/ws/results push", push.DisplayName);
        Assert.Equal(processing.TraceId, push.TraceId);
        Assert.Equal(processing.SpanId, push.ParentSpanId);
        Assert.Equal(1, push.GetTagItem("aimesh.websocket.clients"));
        Assert.Equal(result.Id, (await client.ReceiveResultAsync()).Id);
    }

    [Fact]
    public async Task EachResultIsOneCamelCaseJsonTextFrame()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectResultStreamAsync();
        var result = TestResults.Create();

        app.ResultBroadcaster.Publish(result);
        var text = await client.ReceiveTextAsync();

        Assert.NotNull(text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(
            [
                "id", "text", "label", "score", "model", "inferenceInstance", "aiInstance", "cached", "acceptedAt", "completedAt", "modelVersion",
                "answer", "providerModel", "finishReason", "inputTokens", "outputTokens", "latencyMs",
            ],
            json.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal(result.Id, json.RootElement.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AnAnswerPushIsASpanOfItsOwnInTheTraceOfTheMessageThatCarriedThePiece()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectAnswerStreamAsync();
        using var recorder = new SpanRecorder("AiMesh.Results");
        var pushes = recorder.Stopped;
        using var processing = new Activity("answer-topic process").Start();
        var chunk = TestAnswers.Chunk(Guid.NewGuid(), sequence: 3, "Hello");

        app.AnswerBroadcaster.Publish(chunk);
        processing.Stop();

        var push = Assert.Single(pushes, push => push.TraceId == processing.TraceId);
        Assert.Equal("/ws/answers push", push.DisplayName);
        Assert.Equal(processing.TraceId, push.TraceId);
        Assert.Equal(processing.SpanId, push.ParentSpanId);
        Assert.Equal(chunk.Id, push.GetTagItem("aimesh.result.id"));
        Assert.Equal(3, push.GetTagItem("aimesh.answer.sequence"));
        Assert.Equal(1, push.GetTagItem("aimesh.websocket.clients"));
        Assert.Equal(chunk, await client.ReceiveChunkAsync());
    }

    [Fact]
    public async Task EachAnswerChunkIsOneCamelCaseJsonTextFrame()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectAnswerStreamAsync();
        var chunk = TestAnswers.Chunk(Guid.NewGuid(), sequence: 0, "Once upon");

        app.AnswerBroadcaster.Publish(chunk);
        var text = await client.ReceiveTextAsync();

        Assert.NotNull(text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(["id", "sequence", "text", "model"], json.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal("Once upon", json.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task EachStreamReachesOnlyItsOwnClientsAndCountsThemUnderItsName()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var resultClient = await app.ConnectResultStreamAsync();
        using var answerClient = await app.ConnectAnswerStreamAsync();
        using var secondAnswerClient = await app.ConnectAnswerStreamAsync();
        var chunk = TestAnswers.Chunk(Guid.NewGuid(), sequence: 0, "Hi");
        var result = TestResults.Create();

        app.AnswerBroadcaster.Publish(chunk);
        app.ResultBroadcaster.Publish(result);

        Assert.Equal(result, await resultClient.ReceiveResultAsync());
        Assert.Equal(chunk, await answerClient.ReceiveChunkAsync());
        Assert.Equal(chunk, await secondAnswerClient.ReceiveChunkAsync());
        Assert.Equal((1, 2), (app.ResultBroadcaster.ClientCount, app.AnswerBroadcaster.ClientCount));
        Assert.Equal(1, metrics.Sum("aimesh.results.websocket.clients", "stream", "results"));
        Assert.Equal(2, metrics.Sum("aimesh.results.websocket.clients", "stream", "answers"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ASlowClientIsDisconnectedWithoutHoldingUpTheOthers(int batchSize)
    {
        await using var kafka = await TestKafka.StartAsync();
        // Real sockets: only TCP makes a client that stops reading push back on the server.
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers, new Dictionary<string, string?>
        {
            ["Results:ClientQueueSize"] = "4",
            ["Results:MaxBatchSize"] = "4",
            ["Results:CloseTimeout"] = "00:00:01",
        }, useKestrel: true);
        using var slow = await app.ConnectResultStreamAsync();
        using var fast = await app.ConnectResultStreamAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        var text = new string('x', 64 * 1024);

        // The fast client reads each batch before the next is published, so its queue never fills;
        // the slow one never reads, so once the socket buffers are full its queue does.
        var published = 0;
        while (app.ResultBroadcaster.ClientCount == 2 && published < 5000)
        {
            var batch = Enumerable.Range(0, batchSize).Select(_ => TestResults.Create(text: text)).ToList();
            app.ResultBroadcaster.PublishMany(batch);
            published += batchSize;
            Assert.Equal(batch.Select(result => result.Id), (await fast.ReceiveResultsAsync(batchSize)).Select(result => result.Id));
        }

        Assert.Equal(1, app.ResultBroadcaster.ClientCount);
        Assert.Equal(1, metrics.Sum("aimesh.results.broadcast.drops"));
        Assert.Equal(1, metrics.Sum("aimesh.results.broadcast.drops", "stream", "results"));
        var next = TestResults.Create();
        app.ResultBroadcaster.Publish(next);
        Assert.Equal(next, await fast.ReceiveResultAsync());
        // Behind what reached it before it was dropped, the slow client finds its stream ended: with
        // the close frame if that got through, else by the connection being aborted.
        var ending = await ReadToTheEndAsync(slow);
        Assert.True(ending is null or WebSocketCloseStatus.PolicyViolation, $"The slow client's stream ended with {ending}.");
    }

    [Fact]
    public async Task AClientThatClosesIsForgotten()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        await app.WaitForMigrationAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        using var client = await app.ConnectResultStreamAsync();
        Assert.Equal(1, metrics.Sum("aimesh.results.websocket.clients"));

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken).DefaultTimeout();

        await AsyncTestHelpers.WaitUntilAsync(() => app.ResultBroadcaster.ClientCount == 0);
        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal(0, metrics.Sum("aimesh.results.websocket.clients"));
    }

    [Fact]
    public async Task ClientsGetACloseFrameWhenTheServiceStops()
    {
        await using var kafka = await TestKafka.StartAsync();
        var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectResultStreamAsync();
        using var answerClient = await app.ConnectAnswerStreamAsync();
        var received = client.ReceiveTextAsync();
        var answerReceived = answerClient.ReceiveTextAsync();

        var stopping = app.DisposeAsync().AsTask();
        var text = await received;
        var answerText = await answerReceived;
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken).DefaultTimeout();
        await answerClient.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken).DefaultTimeout();
        await stopping.DefaultTimeout();

        Assert.Null(text);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        Assert.Null(answerText);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, answerClient.CloseStatus);
    }

    [Theory]
    [InlineData("/ws/results")]
    [InlineData("/ws/answers")]
    public async Task ARequestThatIsNotAWebSocketGetsA400Problem(string path)
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var http = app.CreateClient();

        using var response = await http.GetAsync(path, CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken));
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("WebSocket", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(path, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Reads and discards until the stream ends: the close status, or null when the connection was aborted.</summary>
    private static async Task<WebSocketCloseStatus?> ReadToTheEndAsync(WebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken).AsTask().DefaultTimeout();
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return socket.CloseStatus;
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }
}
