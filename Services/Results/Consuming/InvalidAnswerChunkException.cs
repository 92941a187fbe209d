namespace AiMesh.Results.Consuming;

/// <summary>An answer-topic message that is not a complete <c>AnswerChunk</c>; the relay skips it.</summary>
internal sealed class InvalidAnswerChunkException(string message, Exception? innerException = null)
    : Exception(message, innerException);
