using AiMesh.Ingest.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiMesh.Ingest.Tests.Messaging;

/// <summary>
/// The producer's batching and compression come from configuration (<c>Aspire:Confluent:Kafka:Producer:Config</c>),
/// so they can be tuned by measurement without a build: checked in the configuration librdkafka itself
/// reports at start (<c>debug=conf</c>), through the ServiceDefaults log handler.
/// </summary>
public sealed class ProducerTuningTests
{
    [Fact]
    public async Task LingerBatchingAndCompressionFromConfigurationReachTheDataTopicProducer()
    {
        var logs = new LogCollector();
        await using var app = IngestApp.WithKafka(
            $"127.0.0.1:{Ports.Closed()}",
            new Dictionary<string, string?>
            {
                ["Aspire:Confluent:Kafka:Producer:Config:linger.ms"] = "37",
                ["Aspire:Confluent:Kafka:Producer:Config:batch.size"] = "333333",
                ["Aspire:Confluent:Kafka:Producer:Config:batch.num.messages"] = "4444",
                ["Aspire:Confluent:Kafka:Producer:Config:CompressionType"] = "Lz4",
                ["Aspire:Confluent:Kafka:Producer:Config:debug"] = "conf",
                ["Logging:LogLevel:AiMesh.Kafka"] = "Debug",
            });
        using var configured = app.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(logs)));

        // The monitors create the data-topic producer as Ingest starts.
        _ = configured.Services.GetRequiredService<Confluent.Kafka.IProducer<string, AiMesh.Contracts.TextSubmitted>>();

        string[] expected = ["queue.buffering.max.ms = 37", "batch.size = 333333", "batch.num.messages = 4444", "compression.codec = lz4"];
        await AsyncTestHelpers.WaitUntilAsync(() => expected.All(setting => logs.Messages.Any(log => log.Message.Contains(setting, StringComparison.Ordinal))));

        // Ingest's own setting is still applied over the configuration: librdkafka gives up with the request.
        Assert.Contains(logs.Messages, log => log.Message.Contains("message.timeout.ms = 5000", StringComparison.Ordinal));
    }
}
