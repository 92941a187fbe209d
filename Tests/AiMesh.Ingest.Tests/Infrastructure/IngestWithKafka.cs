using AiMesh.Contracts;
using AiMesh.Tests.Kafka;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>
/// A Kafka mock cluster of its own and an Ingest that publishes to it, served by Kestrel on a loopback
/// port so requests go over real sockets; one per test class, or one per test that changes the cluster.
/// </summary>
public sealed class IngestWithKafka : IAsyncLifetime
{
    private const int DataTopicPartitions = 4;
    private const int ResultTopicPartitions = 4;

    private readonly KafkaMockCluster _kafka = new();

    /// <summary>Ingest settings on top of the Kafka connection string, such as <c>Ingest:PublishTimeout</c>.</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>
    /// The broker that leads every data-topic partition from the start, so Ingest's producer sends every
    /// text there and is connected to it once a text was accepted; null for the cluster's own spread.
    /// </summary>
    public int? DataTopicLeader { get; init; }

    public IngestApp App { get; private set; } = null!;

    /// <summary>The cluster, for tests that take its brokers down and up.</summary>
    public KafkaMockCluster Kafka => _kafka;

    public DataTopic DataTopic { get; private set; } = null!;

    public string BootstrapServers => _kafka.BootstrapServers;

    public async ValueTask InitializeAsync()
    {
        await _kafka.InitializeAsync();

        // Up front, as the dev broker does: a topic the first metadata request creates has no
        // partitions yet in that answer, so tests that count or steer partitions would see none.
        // result-topic too: Ingest reads how far Results lags behind on it.
        _kafka.CreateTopic(Topics.Data, DataTopicPartitions);
        _kafka.CreateTopic(Topics.Results, ResultTopicPartitions);
        if (DataTopicLeader is { } leader)
        {
            for (var partition = 0; partition < DataTopicPartitions; partition++)
            {
                _kafka.SetPartitionLeader(Topics.Data, partition, leader);
            }
        }

        App = IngestApp.WithKafka(_kafka.BootstrapServers, Settings);
        App.StartOnKestrel();
        DataTopic = new DataTopic(_kafka.BootstrapServers);
    }

    public async ValueTask DisposeAsync()
    {
        // The app first: its producer flushes into the cluster while it still exists.
        await App.DisposeAsync();
        DataTopic.Dispose();
        await _kafka.DisposeAsync();
    }
}
