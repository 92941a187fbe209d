namespace AiMesh.Ingest.Backpressure;

/// <summary>Kafka did not tell <see cref="PipelineLagReader"/> how far a stage is behind; the message says what failed.</summary>
internal sealed class PipelineLagUnreadableException : Exception
{
    public PipelineLagUnreadableException()
    {
    }

    public PipelineLagUnreadableException(string message)
        : base(message)
    {
    }

    public PipelineLagUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
