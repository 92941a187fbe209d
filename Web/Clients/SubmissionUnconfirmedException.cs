namespace AiMesh.Web.Clients;

/// <summary>
/// Ingest could not confirm that it took a text (504): Kafka did not acknowledge it in time, yet a slow
/// broker may have it, and then its result comes as <see cref="Id"/>. Sending the text again could have
/// it processed twice, so the page waits for that result instead. <see cref="Exception.Message"/> is
/// Ingest's problem detail, written for the person at the page.
/// </summary>
public sealed class SubmissionUnconfirmedException(Guid id, string message) : Exception(message)
{
    /// <summary>The id the text is processed as, if Kafka has it.</summary>
    public Guid Id { get; } = id;
}
