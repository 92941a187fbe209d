using System.Runtime.InteropServices;

namespace AiMesh.Tests.Kafka;

/// <summary>
/// The few entry points of librdkafka's mock cluster API that Confluent.Kafka does not wrap. The name is
/// the one Confluent.Kafka loads, so these calls reach the very library instance (and mock cluster) its
/// clients run on.
/// </summary>
internal static partial class MockClusterNative
{
    private const string Library = "librdkafka";

    /// <summary>The mock cluster a client created with <c>test.mock.num.brokers</c> owns, or 0.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_handle_mock_cluster")]
    public static partial nint HandleMockCluster(nint rk);

    /// <summary>Closes the broker's connections and refuses new ones; returns an rd_kafka_resp_err_t.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int BrokerSetDown(nint mcluster, int brokerId);

    /// <summary>Lets the broker accept connections again; returns an rd_kafka_resp_err_t.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int BrokerSetUp(nint mcluster, int brokerId);

    /// <summary>Delays each of the broker's responses by <paramref name="rttMs"/>; returns an rd_kafka_resp_err_t.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int BrokerSetRtt(nint mcluster, int brokerId, int rttMs);

    /// <summary>Creates a topic up front; returns an rd_kafka_resp_err_t (TOPIC_ALREADY_EXISTS when it exists).</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TopicCreate(nint mcluster, string topic, int partitionCount, int replicationFactor);

    /// <summary>Makes <paramref name="brokerId"/> the leader of one partition; returns an rd_kafka_resp_err_t.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PartitionSetLeader(nint mcluster, string topic, int partition, int brokerId);
}
