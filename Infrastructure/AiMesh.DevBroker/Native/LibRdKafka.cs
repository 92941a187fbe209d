using System.Runtime.InteropServices;

namespace AiMesh.DevBroker.Native;

/// <summary>
/// The few librdkafka entry points the dev broker needs, from the librdkafka.redist package.
/// </summary>
/// <remarks>
/// "librdkafka" is resolved by <see cref="AiMesh.Kafka.BundledLibrdkafka"/> to the package's
/// CentOS 8 build, which Program registers before the first call; without that, .NET could pick
/// a system librdkafka of another version. Strings that librdkafka returns are <c>const char*</c>
/// it still owns, so they come back as raw pointers: a <c>string</c> return would make the
/// marshaller free memory it does not own. The mock API is experimental and not ABI-stable, so
/// these declarations match librdkafka 2.16 exactly.
/// </remarks>
internal static unsafe partial class LibRdKafka
{
    private const string Library = "librdkafka";

    /// <summary><c>RD_KAFKA_PRODUCER</c>: the cheapest client type to host a mock cluster on.</summary>
    public const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c>.</summary>
    public const int ConfOk = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    public static partial nint ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(nint conf);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set_opaque")]
    public static partial void ConfSetOpaque(nint conf, nint opaque);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set_log_cb")]
    public static partial void ConfSetLogCallback(nint conf, delegate* unmanaged<nint, int, byte*, byte*, void> logCallback);

    /// <summary>Takes ownership of <paramref name="conf"/> only when it succeeds.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    public static partial nint New(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(nint rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_opaque")]
    public static partial nint Opaque(nint rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2str")]
    public static partial byte* ErrorToString(int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2name")]
    public static partial byte* ErrorToName(int err);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial nint MockClusterNew(nint rk, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void MockClusterDestroy(nint mcluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial byte* MockClusterBootstraps(nint mcluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicCreate(nint mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int MockBrokerSetDown(nint mcluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int MockBrokerSetUp(nint mcluster, int brokerId);

    // The variadic rd_kafka_mock_push_request_errors cannot be called portably from .NET.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static partial void MockPushRequestErrorsArray(nint mcluster, short apiKey, nuint count, int* errors);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void MockClearRequestErrors(nint mcluster, short apiKey);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int MockBrokerSetRtt(nint mcluster, int brokerId, int rttMs);

    /// <summary>Changes only the address the broker advertises in Metadata; its listener stays where it is.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_host_port", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void MockBrokerSetHostPort(nint mcluster, int brokerId, string host, int port);

    /// <summary>
    /// The C function is variadic (<c>cnt</c> pairs of error and RTT). .NET cannot call variadic
    /// functions portably, so this declares it with exactly one pair, to be called with cnt = 1:
    /// on x86-64 System V, which is the only platform the dev broker supports, the registers
    /// are the same as for a non-variadic call.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    public static partial int MockBrokerPushRequestErrorRtt(nint mcluster, int brokerId, short apiKey, nuint count, int error, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_controller_id")]
    public static partial void MockSetControllerId(nint mcluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void MockGroupInitialRebalanceDelayMs(nint mcluster, int delayMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_group_consumer_session_timeout_ms")]
    public static partial void MockSetGroupConsumerSessionTimeoutMs(nint mcluster, int timeoutMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms")]
    public static partial void MockSetGroupConsumerHeartbeatIntervalMs(nint mcluster, int intervalMs);

    /// <summary>Reads a NUL-terminated string that librdkafka keeps ownership of.</summary>
    public static string ReadString(byte* value) =>
        value is null ? string.Empty : Marshal.PtrToStringUTF8((nint)value) ?? string.Empty;

    /// <summary>librdkafka's name and description for an error code, for messages.</summary>
    public static string DescribeError(int err) =>
        $"{ReadString(ErrorToName(err))} ({err}): {ReadString(ErrorToString(err))}";
}
