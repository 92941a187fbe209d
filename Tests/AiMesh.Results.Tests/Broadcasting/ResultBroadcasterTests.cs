using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.Tests.Postgres;
using AiMesh.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace AiMesh.Results.Tests.Broadcasting;

public sealed class ResultBroadcasterTests(PostgresServer server) : IClassFixture<PostgresServer>
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
            app.Broadcaster.Publish(result);
        }

        Assert.Equal(results, await first.ReceiveResultsAsync(3));
        Assert.Equal(results, await second.ReceiveResultsAsync(3));
    }

    [Fact]
    public async Task APushIsASpanInTheTraceOfTheMessageThatStoredTheResult()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectResultStreamAsync();
        var pushes = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "AiMesh.Results",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = pushes.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var processing = new Activity("result-topic process").Start();
        var result = TestResults.Create();

        app.Broadcaster.Publish(result);
        processing.Stop();

        var push = Assert.Single(pushes);
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

        app.Broadcaster.Publish(result);
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
    public async Task ASlowClientIsDisconnectedWithoutHoldingUpTheOthers()
    {
        await using var kafka = await TestKafka.StartAsync();
        // Real sockets: only TCP makes a client that stops reading push back on the server.
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers, new Dictionary<string, string?>
        {
            ["Results:ClientQueueSize"] = "4",
            ["Results:CloseTimeout"] = "00:00:01",
        }, useKestrel: true);
        using var slow = await app.ConnectResultStreamAsync();
        using var fast = await app.ConnectResultStreamAsync();
        using var metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        var text = new string('x', 64 * 1024);

        // The fast client reads each result before the next is published, so its queue never fills;
        // the slow one never reads, so once the socket buffers are full its queue does.
        var published = 0;
        while (app.Broadcaster.ClientCount == 2 && published < 5000)
        {
            var result = TestResults.Create(text: text);
            app.Broadcaster.Publish(result);
            published++;
            Assert.Equal(result.Id, (await fast.ReceiveResultAsync()).Id);
        }

        Assert.Equal(1, app.Broadcaster.ClientCount);
        Assert.Equal(1, metrics.Sum("aimesh.results.broadcast.drops"));
        var next = TestResults.Create();
        app.Broadcaster.Publish(next);
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

        await AsyncTestHelpers.WaitUntilAsync(() => app.Broadcaster.ClientCount == 0);
        Assert.Equal(WebSocketState.Closed, client.State);
        Assert.Equal(0, metrics.Sum("aimesh.results.websocket.clients"));
    }

    [Fact]
    public async Task ClientsGetACloseFrameWhenTheServiceStops()
    {
        await using var kafka = await TestKafka.StartAsync();
        var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var client = await app.ConnectResultStreamAsync();
        var received = client.ReceiveTextAsync();

        var stopping = app.DisposeAsync().AsTask();
        var text = await received;
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken).DefaultTimeout();
        await stopping.DefaultTimeout();

        Assert.Null(text);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
    }

    [Fact]
    public async Task ARequestThatIsNotAWebSocketGetsA400Problem()
    {
        await using var kafka = await TestKafka.StartAsync();
        await using var app = new ResultsApp(await server.CreateAsync(), kafka.BootstrapServers);
        using var http = app.CreateClient();

        using var response = await http.GetAsync("/ws/results", CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken));
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("WebSocket", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
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
