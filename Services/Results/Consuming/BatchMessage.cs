using System.Diagnostics;
using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Results.Consuming;

/// <summary>One result-topic message of a batch: the message, its processing span, its result once read, and what became of it.</summary>
internal sealed class BatchMessage(ConsumeResult<byte[]?, byte[]?> message, Activity? activity)
{
    public ConsumeResult<byte[]?, byte[]?> Message { get; } = message;

    /// <summary>The message's own processing span (a child of its trace context), never made current for longer than one step.</summary>
    public Activity? Activity { get; } = activity;

    /// <summary>The result it holds; null until read, and for a message that is not one.</summary>
    public InferenceResult? Result { get; set; }

    public MessageOutcome Outcome { get; set; }
}
