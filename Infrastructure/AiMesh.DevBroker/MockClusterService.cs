using AiMesh.DevBroker.Native;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiMesh.DevBroker;

/// <summary>
/// Runs the mock cluster for the lifetime of the host: brokers and topics first, then the
/// bootstrap list is published, so whoever reads the list finds every topic in place.
/// </summary>
internal sealed partial class MockClusterService(
    BrokerOptions options,
    ILogger<MockClusterService> logger,
    ILogger<LibRdKafkaLogForwarder> nativeLogger) : IHostedService, IDisposable
{
    /// <summary>The one stdout line a launcher can parse; no log line starts with it.</summary>
    public const string BootstrapLinePrefix = "Bootstrap servers: ";

    private MockCluster? _cluster;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogNotDurable(logger);
        _cluster = MockCluster.Create(options.BrokerCount, nativeLogger);
        LogStarted(logger, _cluster.BrokerCount, _cluster.BootstrapServers);

        foreach (var topic in options.Topics)
        {
            _cluster.CreateTopic(topic);
            LogTopicCreated(logger, topic.Name, topic.Partitions);
        }

        // The file last: a launcher that sees it may rely on everything else being done.
        Console.Out.WriteLine(BootstrapLinePrefix + _cluster.BootstrapServers);
        if (options.BootstrapFile is { } path)
        {
            BootstrapFile.Write(path, _cluster.BootstrapServers);
            LogBootstrapFileWritten(logger, path);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cluster is { } cluster)
        {
            if (options.BootstrapFile is { } path)
            {
                BootstrapFile.DeleteIfOwned(path, cluster.BootstrapServers);
            }

            cluster.Dispose();
            LogStopped(logger);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _cluster?.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message =
        "This is librdkafka's in-memory MOCK Kafka cluster, for development and tests only: it is NOT durable, " +
        "all data is lost when this process stops, and each partition keeps only about 5 MiB (older messages are dropped).")]
    private static partial void LogNotDurable(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Mock cluster started: {BrokerCount} broker(s) listening on {BootstrapServers}")]
    private static partial void LogStarted(ILogger logger, int brokerCount, string bootstrapServers);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    private static partial void LogTopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Wrote the bootstrap servers to {Path}")]
    private static partial void LogBootstrapFileWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Mock cluster stopped; its data is gone")]
    private static partial void LogStopped(ILogger logger);
}
