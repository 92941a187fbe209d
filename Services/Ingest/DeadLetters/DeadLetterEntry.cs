using AiMesh.ServiceDefaults.Kafka.DeadLetters;

namespace AiMesh.Ingest.DeadLetters;

/// <summary>One dead letter as <c>GET /api/dead-letters/{topic}</c> lists it.</summary>
/// <param name="Partition">The dead letter's partition in the dead-letter topic.</param>
/// <param name="Offset">Its offset there.</param>
/// <param name="SourceTopic">The topic it came from and is replayed to.</param>
/// <param name="SourcePartition">Its partition there.</param>
/// <param name="SourceOffset">Its offset there.</param>
/// <param name="Key">Its key (the text's id for Ingest's messages).</param>
/// <param name="ErrorType">The kind of failure that made the consumer give up.</param>
/// <param name="ErrorMessage">The failure, in words.</param>
/// <param name="Attempts">How many times the consumer tried.</param>
/// <param name="Instance">The replica that gave up.</param>
/// <param name="DeadLetteredAt">When.</param>
/// <param name="Replays">How many times the message had been replayed before it failed this time.</param>
/// <param name="Replayed">Whether this dead letter has been replayed since.</param>
/// <param name="Value">The message's value as text.</param>
public sealed record DeadLetterEntry(
    int Partition,
    long Offset,
    string? SourceTopic,
    int? SourcePartition,
    long? SourceOffset,
    string? Key,
    string? ErrorType,
    string? ErrorMessage,
    int? Attempts,
    string? Instance,
    DateTimeOffset? DeadLetteredAt,
    int Replays,
    bool Replayed,
    string? Value)
{
    internal static DeadLetterEntry From(DeadLetter letter, bool replayed) => new(
        letter.Position.Partition.Value,
        letter.Position.Offset.Value,
        letter.SourceTopic,
        letter.SourcePartition,
        letter.SourceOffset,
        letter.Key,
        letter.ErrorType,
        letter.ErrorMessage,
        letter.Attempts,
        letter.Instance,
        letter.DeadLetteredAt,
        letter.Replays,
        replayed,
        letter.Value);
}
