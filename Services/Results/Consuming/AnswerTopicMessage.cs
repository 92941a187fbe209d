using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Results.Consuming;

/// <summary>
/// Reads an answer-topic message's bytes as an <see cref="AnswerChunk"/> a client can use. JSON leaves a
/// missing property at its default, so a chunk without an id, text or model is refused here rather
/// than shown to clients as a piece of no answer.
/// </summary>
internal static class AnswerTopicMessage
{
    /// <exception cref="InvalidAnswerChunkException">The bytes are not a complete AnswerChunk.</exception>
    public static AnswerChunk Read(ConsumeResult<Ignore, byte[]?> message)
    {
        ArgumentNullException.ThrowIfNull(message);

        var chunk = JsonMessageReader.Read(
            message.Message?.Value,
            ContractsJsonContext.Default.AnswerChunk,
            (reason, jsonError) => new InvalidAnswerChunkException(reason, jsonError));

        string?[] problems =
        [
            chunk.Id == Guid.Empty ? "it has no id" : null,
            chunk.Sequence < 0 ? $"its sequence is negative ({chunk.Sequence})" : null,
            chunk.Text is null ? "it has no text" : null,
            chunk.Model is null ? "it has no model" : null,
        ];
        var found = problems.OfType<string>().ToList();
        return found.Count == 0
            ? chunk
            : throw new InvalidAnswerChunkException($"The answer chunk cannot be relayed: {string.Join("; ", found)}.");
    }
}
