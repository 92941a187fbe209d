namespace AiMesh.Ingest.AiModels;

/// <summary>
/// Ai's model list could not be had: Ai was unreachable or too slow, answered other than 2xx, or sent a
/// list Ingest cannot read. Not the client's fault, so a 503; and never cached (see <see cref="ModelListCache"/>).
/// </summary>
internal sealed class AiModelListUnavailableException : Exception
{
    public AiModelListUnavailableException()
    {
    }

    public AiModelListUnavailableException(string message)
        : base(message)
    {
    }

    public AiModelListUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
