using AiMesh.Contracts;
using AiMesh.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AiMesh.Ingest.Messaging;

/// <summary>How Ingest's producer for <see cref="Topics.Data"/> differs from the AiMesh defaults.</summary>
internal static class DataTopicProducer
{
    /// <summary>
    /// librdkafka gives up on a message after <paramref name="publishTimeout"/>, the same time the request
    /// waits: once the request has answered, the message is never sent again behind its back. A broker
    /// that already held it may still write it, which is why a timeout is answered 504, not 503.
    /// Rounded up, because 0 would mean "never give up".
    /// </summary>
    public static void ApplyPublishTimeout(ProducerConfig config, TimeSpan publishTimeout)
    {
        ArgumentNullException.ThrowIfNull(config);

        if (publishTimeout > TimeSpan.Zero && publishTimeout.TotalMilliseconds <= int.MaxValue)
        {
            config.MessageTimeoutMs = (int)Math.Ceiling(publishTimeout.TotalMilliseconds);
        }
    }

    /// <summary>
    /// librdkafka waits up to 10 s between attempts to reach a broker that is down; at most
    /// <see cref="ReconnectBackoffMax"/> here, so a broker that is back is seen within about a second.
    /// Configuration (<c>Aspire:Confluent:Kafka:Producer:Config:ReconnectBackoffMaxMs</c>) still wins.
    /// </summary>
    public static readonly TimeSpan ReconnectBackoffMax = TimeSpan.FromSeconds(1);

    public static void ApplyReconnectBackoff(ProducerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);

        config.ReconnectBackoffMaxMs ??= (int)ReconnectBackoffMax.TotalMilliseconds;
    }

    /// <summary>
    /// JSON values; texts placed by a <see cref="StickyPartitioner"/> (a text's id, its key, occurs once, so
    /// no two texts need one partition's order); and errors reported to <paramref name="availability"/>
    /// (ServiceDefaults still logs them).
    /// </summary>
    public static void Configure(ProducerBuilder<string, TextSubmitted> builder, KafkaAvailability availability)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(availability);

        builder.SetValueSerializer(new JsonMessageSerializer<TextSubmitted>(ContractsJsonContext.Default.TextSubmitted));
        StickyPartitioner.Apply(builder, Topics.Data, KafkaDefaults.StickyPartitionWindow);
        builder.SetErrorHandler((_, error) => availability.OnProducerError(error));
    }
}
