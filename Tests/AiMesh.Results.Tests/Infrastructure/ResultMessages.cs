using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>
/// result-topic messages as the consumer gets them, made by hand, for tests that hand a batch to the
/// handler directly and so decide exactly what one batch holds.
/// </summary>
internal static class ResultMessages
{
    /// <summary>A result as Inference writes it, keyed by its id; with <paramref name="trace"/>, carrying that trace context.</summary>
    public static ConsumeResult<byte[]?, byte[]?> Of(InferenceResult result, int partition, long offset, ActivityContext? trace = null)
    {
        var headers = new Headers();
        if (trace is { } context)
        {
            headers.Add("traceparent", Encoding.UTF8.GetBytes($"00-{context.TraceId}-{context.SpanId}-01"));
        }

        return Raw(result.Id.ToString(), JsonSerializer.SerializeToUtf8Bytes(result, ContractsJsonContext.Default.InferenceResult), partition, offset, headers);
    }

    public static ConsumeResult<byte[]?, byte[]?> Raw(string key, byte[]? value, int partition, long offset, Headers? headers = null) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(Topics.Results, new Partition(partition), new Offset(offset)),
        Message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = value, Headers = headers ?? [] },
    };

    /// <summary>The same messages as read again: new objects, as a redelivery gives.</summary>
    public static List<ConsumeResult<byte[]?, byte[]?>> Again(IEnumerable<ConsumeResult<byte[]?, byte[]?>> messages) =>
        [.. messages.Select(message => Raw(Encoding.UTF8.GetString(message.Message.Key!), message.Message.Value, message.Partition.Value, message.Offset.Value, message.Message.Headers))];
}
