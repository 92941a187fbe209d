namespace AiMesh.Ingest.Messaging;

/// <summary>What Ingest knows about reaching Kafka through its producer.</summary>
internal enum KafkaReachability
{
    /// <summary>Starting: no broker has answered yet, and librdkafka has not given up on any.</summary>
    NotYetKnown,

    /// <summary>A broker answered, and librdkafka has not reported every broker down since.</summary>
    Reachable,

    /// <summary>librdkafka reported every broker down, and none has answered since.</summary>
    Unreachable,
}
