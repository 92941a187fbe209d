using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka;

/// <summary>
/// Kafka value (de)serializer for JSON through source-generated metadata, for use with
/// <c>SetValueSerializer</c> / <c>SetValueDeserializer</c> in the <c>configureBuilder</c> callbacks of
/// <c>AddKafkaProducer</c> and <c>AddKafkaConsumer</c>.
/// </summary>
/// <remarks>
/// A value that is not valid JSON for <typeparamref name="T"/> makes <c>Consume</c> throw a
/// <see cref="ConsumeException"/> whose <c>ConsumerRecord</c> still carries the raw message, so the
/// consumer can log it and move on instead of stalling its partition on data that never parses.
/// </remarks>
public sealed class JsonMessageSerializer<T>(JsonTypeInfo<T> typeInfo) : ISerializer<T>, IDeserializer<T>
{
    private readonly JsonTypeInfo<T> _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <inheritdoc/>
    public byte[] Serialize(T data, SerializationContext context) =>
        JsonSerializer.SerializeToUtf8Bytes(data, _typeInfo);

    /// <inheritdoc/>
    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            throw new JsonException($"A {context.Topic} message has no value; a {typeof(T).Name} was expected.");
        }

        return JsonSerializer.Deserialize(data, _typeInfo)
            ?? throw new JsonException($"A {context.Topic} message holds JSON null; a {typeof(T).Name} was expected.");
    }
}
