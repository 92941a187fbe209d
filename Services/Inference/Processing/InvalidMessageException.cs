namespace AiMesh.Inference.Processing;

/// <summary>A data-topic message that no attempt can handle: not a complete <c>TextSubmitted</c>, or a text the pipeline refuses.</summary>
internal sealed class InvalidMessageException : Exception
{
    public InvalidMessageException(string message)
        : base(message)
    {
    }

    public InvalidMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
