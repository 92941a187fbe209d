using System.Net.WebSockets;
using AiMesh.Contracts;
using AiMesh.Results.Broadcasting;
using AiMesh.Results.Storage.Migrations;
using AiMesh.Tests.Kafka;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>
/// The Results service in the test process, given a database and a Kafka cluster through the same
/// configuration keys the AppHost sets. In-memory TestServer by default; <c>useKestrel</c> serves
/// real sockets for tests that depend on TCP back-pressure.
/// </summary>
internal sealed class ResultsApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly TestOutputLoggerProvider _log = new(TestContext.Current.TestOutputHelper);
    private readonly bool _useKestrel;

    public ResultsApp(string databaseConnectionString, string kafkaBootstrapServers, IReadOnlyDictionary<string, string?>? settings = null, bool useKestrel = false)
    {
        _settings = new(KafkaMockCluster.ServiceConsumerSettings)
        {
            ["ConnectionStrings:aimesh"] = databaseConnectionString,
            ["ConnectionStrings:kafka"] = kafkaBootstrapServers,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _useKestrel = useKestrel;
        if (useKestrel)
        {
            UseKestrel(0);
        }
    }

    /// <summary>What the app has logged at Information or above, from its start.</summary>
    public IReadOnlyCollection<string> LogLines => _log.Lines;

    public WebSocketBroadcaster<InferenceResult> ResultBroadcaster => Services.GetRequiredService<WebSocketBroadcaster<InferenceResult>>();

    public WebSocketBroadcaster<AnswerChunk> AnswerBroadcaster => Services.GetRequiredService<WebSocketBroadcaster<AnswerChunk>>();

    public T GetRequiredService<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the app (if need be) and waits until its database schema is current.</summary>
    public async Task WaitForMigrationAsync()
    {
        if (_useKestrel)
        {
            StartServer();
        }

        await Services.GetRequiredService<MigrationState>().WaitAsync(TestContext.Current.CancellationToken).DefaultTimeout();
    }

    /// <summary>Opens a WebSocket to <c>/ws/results</c> and waits until its broadcaster counts it.</summary>
    public Task<WebSocket> ConnectResultStreamAsync() => ConnectAsync(ResultBroadcaster);

    /// <summary>Opens a WebSocket to <c>/ws/answers</c> and waits until its broadcaster counts it.</summary>
    public Task<WebSocket> ConnectAnswerStreamAsync() => ConnectAsync(AnswerBroadcaster);

    private async Task<WebSocket> ConnectAsync<TMessage>(WebSocketBroadcaster<TMessage> broadcaster)
    {
        var before = broadcaster.ClientCount;
        var path = broadcaster.Stream.Path;
        WebSocket socket;
        if (_useKestrel)
        {
            StartServer();
            var address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var client = new ClientWebSocket();
            await client.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = path }.Uri, TestContext.Current.CancellationToken).DefaultTimeout();
            socket = client;
        }
        else
        {
            socket = await Server.CreateWebSocketClient()
                .ConnectAsync(new Uri(Server.BaseAddress, path), TestContext.Current.CancellationToken)
                .DefaultTimeout();
        }

        // Accepted is not yet registered: messages published before that would not reach this client.
        await AsyncTestHelpers.WaitUntilAsync(() => broadcaster.ClientCount > before);
        return socket;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // The log goes to the test's output only: the console would mix every test's lines.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_log));
    }
}
