namespace AiMesh.Ai.Models;

/// <summary>The model is still loading: ask again shortly, or another replica.</summary>
public sealed class ModelNotReadyException : Exception
{
    public ModelNotReadyException(string message)
        : base(message)
    {
    }

    public ModelNotReadyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
