using System.Text.Json;
using AiMesh.Contracts;
using Confluent.Kafka;

namespace AiMesh.Results.Consuming;

/// <summary>
/// Reads a result-topic message's bytes as an <see cref="InferenceResult"/> the table can hold. Inference
/// never writes one this refuses, but any producer on a real broker might.
/// </summary>
internal static class ResultTopicMessage
{
    /// <exception cref="InvalidResultException">The bytes are not a storable InferenceResult.</exception>
    public static InferenceResult Read(ConsumeResult<byte[]?, byte[]?> message)
    {
        ArgumentNullException.ThrowIfNull(message);

        if (message.Message?.Value is not { } value)
        {
            throw new InvalidResultException("The message has no value; an InferenceResult was expected.");
        }

        InferenceResult? result;
        try
        {
            result = JsonSerializer.Deserialize(value, ContractsJsonContext.Default.InferenceResult);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            // InvalidOperationException: ill-formed UTF-8 or a lone surrogate escape inside a string.
            throw new InvalidResultException($"The message is not an InferenceResult: {exception.Message}", exception);
        }

        if (result is null)
        {
            throw new InvalidResultException("The message holds JSON null; an InferenceResult was expected.");
        }

        if (ResultMessageCheck.FindProblem(result) is { } problem)
        {
            throw new InvalidResultException($"The result cannot be stored: {problem}.");
        }

        if (TextRules.Check(result.Text) is { } violation)
        {
            throw new InvalidResultException($"Result {result.Id} cannot be stored ({violation.Code}): {violation.Description}");
        }

        return result;
    }
}
