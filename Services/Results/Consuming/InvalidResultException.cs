namespace AiMesh.Results.Consuming;

/// <summary>A result-topic message that can never be stored: not a complete <c>InferenceResult</c>, or a text the pipeline refuses.</summary>
internal sealed class InvalidResultException : Exception
{
    public InvalidResultException(string message)
        : base(message)
    {
    }

    public InvalidResultException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
