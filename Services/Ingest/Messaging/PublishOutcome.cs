namespace AiMesh.Ingest.Messaging;

/// <summary>Whether Kafka acknowledged a text, and if not, why and when to try again.</summary>
/// <param name="Acknowledged">True once every in-sync replica has the message (acks=all).</param>
/// <param name="FailureReason">Why Kafka did not acknowledge it; null when it did.</param>
/// <param name="RetryAfter">How long a client should wait before sending the text again.</param>
internal sealed record PublishOutcome(bool Acknowledged, string? FailureReason, TimeSpan RetryAfter)
{
    public static PublishOutcome Success { get; } = new(true, null, TimeSpan.Zero);

    public static PublishOutcome Failed(string reason, TimeSpan retryAfter) => new(false, reason, retryAfter);
}
