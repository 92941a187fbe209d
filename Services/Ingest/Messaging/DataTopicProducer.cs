using AiMesh.Contracts;
using AiMesh.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace AiMesh.Ingest.Messaging;

/// <summary>How Ingest's producer for <see cref="Topics.Data"/> differs from the AiMesh defaults.</summary>
internal static class DataTopicProducer
{
    /// <summary>
    /// librdkafka gives up on a message after <paramref name="publishTimeout"/>, the same time the request
    /// waits: once the request has answered 503 the message is dropped, never delivered behind its back.
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

    public static void UseJsonValues(ProducerBuilder<string, TextSubmitted> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.SetValueSerializer(new JsonMessageSerializer<TextSubmitted>(ContractsJsonContext.Default.TextSubmitted));
    }
}
