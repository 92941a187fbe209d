using System.Diagnostics;
using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// The consuming half of Kafka trace propagation: the producer registered by <c>AddKafkaProducer</c>
/// writes the W3C trace context into each message's headers; these read it back.
/// </summary>
/// <example>
/// <code>
/// var result = consumer.Consume(stoppingToken);
/// using (var activity = result.StartProcessActivity("orders-worker"))
/// {
///     await HandleAsync(result.Message.Value, stoppingToken);
/// }
/// consumer.StoreOffset(result);
/// </code>
/// </example>
public static class KafkaTraceContextExtensions
{
    /// <summary>
    /// Starts the consumer activity "{topic} process" on the <c>AiMesh.Kafka</c> source, as a child of the
    /// context the message carries (or of the current activity when it carries none), with the message's
    /// baggage. Null when nobody listens. Dispose it when the message is handled.
    /// </summary>
    public static Activity? StartProcessActivity<TKey, TValue>(this ConsumeResult<TKey, TValue> result, string? consumerGroup = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return KafkaTracing.StartProcess(result.Topic, result.Partition, result.Offset, result.Message?.Headers, consumerGroup);
    }

    /// <summary>The trace context the message carries, or <c>default</c> when it carries none.</summary>
    public static ActivityContext ExtractTraceContext<TKey, TValue>(this ConsumeResult<TKey, TValue> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return KafkaTracing.Extract(result.Message?.Headers, out _);
    }
}
