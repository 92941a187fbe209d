using System.Text.Json;
using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Inference.Processing;

/// <summary>
/// Reads a data-topic message's bytes as a <see cref="TextSubmitted"/>. Ingest never writes a message this
/// refuses, but any producer on a real broker might, so every rule Ingest applies is checked again here.
/// </summary>
internal static class DataTopicMessage
{
    /// <exception cref="InvalidMessageException">The bytes are not a complete TextSubmitted whose text the pipeline can finish.</exception>
    public static TextSubmitted Read(ConsumeResult<byte[]?, byte[]?> message)
    {
        ArgumentNullException.ThrowIfNull(message);

        if (message.Message?.Value is not { } value)
        {
            throw new InvalidMessageException("The message has no value; a TextSubmitted was expected.");
        }

        TextSubmitted? submitted;
        try
        {
            submitted = JsonSerializer.Deserialize(value, ContractsJsonContext.Default.TextSubmitted);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            // InvalidOperationException: ill-formed UTF-8 or a lone surrogate escape inside a string.
            throw new InvalidMessageException($"The message is not a TextSubmitted: {exception.Message}", exception);
        }

        // JSON leaves missing members at their defaults, so a message can parse and still lack its id or text.
        if (submitted is null || submitted.Id == Guid.Empty)
        {
            throw new InvalidMessageException("The message has no id.");
        }

        if (TextRules.Check(submitted.Text) is { } violation)
        {
            throw new InvalidMessageException($"Text {submitted.Id} cannot be processed ({violation.Code}): {violation.Description}");
        }

        return submitted;
    }
}
