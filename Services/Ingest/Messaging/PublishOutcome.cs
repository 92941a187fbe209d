namespace AiMesh.Ingest.Messaging;

/// <summary>Whether Kafka acknowledged a text, and if not, why, whether it may still have it, and when to try again.</summary>
/// <param name="Acknowledged">True once every in-sync replica has the message (acks=all).</param>
/// <param name="MayBeDelivered">
/// True when Kafka gave no verdict in time, or an error after a broker may have taken the text: that
/// broker may write it, so sending it again could store it twice. False when Kafka surely does not have it.
/// </param>
/// <param name="FailureReason">Why Kafka did not acknowledge it; null when it did.</param>
/// <param name="RetryAfter">How long a client should wait before sending the text again.</param>
internal sealed record PublishOutcome(bool Acknowledged, bool MayBeDelivered, string? FailureReason, TimeSpan RetryAfter)
{
    public static PublishOutcome Success { get; } = new(true, false, null, TimeSpan.Zero);

    /// <summary>Kafka does not have the text: sending it again after <paramref name="retryAfter"/> cannot store it twice.</summary>
    public static PublishOutcome Failed(string reason, TimeSpan retryAfter) => new(false, false, reason, retryAfter);

    /// <summary>Kafka did not say, and may have the text: it may yet be processed.</summary>
    public static PublishOutcome Unconfirmed(string reason) => new(false, true, reason, TimeSpan.Zero);
}
