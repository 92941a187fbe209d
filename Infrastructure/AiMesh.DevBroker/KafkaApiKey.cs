namespace AiMesh.DevBroker;

/// <summary>
/// Kafka protocol request types that librdkafka 2.16's mock cluster serves, by their protocol
/// numbers, for injecting request errors by name. Other numbers are accepted as they are.
/// </summary>
public enum KafkaApiKey : short
{
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
    OffsetCommit = 8,
    OffsetFetch = 9,
    FindCoordinator = 10,
    JoinGroup = 11,
    Heartbeat = 12,
    LeaveGroup = 13,
    SyncGroup = 14,
    ApiVersions = 18,
    InitProducerId = 22,
    OffsetForLeaderEpoch = 23,
    AddPartitionsToTxn = 24,
    AddOffsetsToTxn = 25,
    EndTxn = 26,
    TxnOffsetCommit = 28,

    /// <summary>The one request of KIP-848 (<c>group.protocol=consumer</c>) groups: join, heartbeat and leave.</summary>
    ConsumerGroupHeartbeat = 68,
    GetTelemetrySubscriptions = 71,
    PushTelemetry = 72,
}
