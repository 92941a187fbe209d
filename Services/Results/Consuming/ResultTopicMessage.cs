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

        var result = JsonMessageReader.Read(
            message.Message?.Value,
            ContractsJsonContext.Default.InferenceResult,
            (reason, jsonError) => new InvalidResultException(reason, jsonError));

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
