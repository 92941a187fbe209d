namespace AiMesh.Inference.Ai;

/// <summary>The Ai service gave no usable answer this time; asking again later may work.</summary>
internal sealed class AiUnavailableException : Exception
{
    public AiUnavailableException(string message)
        : base(message)
    {
    }

    public AiUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
