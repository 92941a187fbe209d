using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka.DeadLetters;

/// <summary>A message in a dead-letter topic, as the headers of <see cref="DeadLetterPublisher"/> describe it.</summary>
/// <param name="Position">Where the dead letter itself is.</param>
/// <param name="SourceTopic">The topic it was consumed from, and is replayed to.</param>
/// <param name="SourcePartition">Its partition there.</param>
/// <param name="SourceOffset">Its offset there.</param>
/// <param name="Key">Its key as text (invalid UTF-8 replaced), or null.</param>
/// <param name="ErrorType">Why it was given up on: the kind of failure.</param>
/// <param name="ErrorMessage">Why it was given up on, in words.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="Instance">The replica that gave up on it.</param>
/// <param name="DeadLetteredAt">When.</param>
/// <param name="Replays">How many times it had been replayed before it came here.</param>
/// <param name="Value">Its value as text (invalid UTF-8 replaced), or null.</param>
public sealed record DeadLetter(
    TopicPartitionOffset Position,
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
    string? Value)
{
    /// <summary>Reads a consumed dead letter; headers that are missing or unreadable become nulls.</summary>
    public static DeadLetter From(ConsumeResult<byte[]?, byte[]?> consumed)
    {
        ArgumentNullException.ThrowIfNull(consumed);

        var headers = consumed.Message?.Headers;
        return new DeadLetter(
            consumed.TopicPartitionOffset,
            DeadLetterHeaders.Read(headers, DeadLetterHeaders.SourceTopic),
            (int?)DeadLetterHeaders.ReadNumber(headers, DeadLetterHeaders.SourcePartition),
            DeadLetterHeaders.ReadNumber(headers, DeadLetterHeaders.SourceOffset),
            consumed.Message?.Key is { } key ? Encoding.UTF8.GetString(key) : null,
            DeadLetterHeaders.Read(headers, DeadLetterHeaders.ErrorType),
            DeadLetterHeaders.Read(headers, DeadLetterHeaders.ErrorMessage),
            (int?)DeadLetterHeaders.ReadNumber(headers, DeadLetterHeaders.Attempts),
            DeadLetterHeaders.Read(headers, DeadLetterHeaders.Instance),
            DateTimeOffset.TryParse(DeadLetterHeaders.Read(headers, DeadLetterHeaders.Time), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null,
            (int)(DeadLetterHeaders.ReadNumber(headers, DeadLetterHeaders.Replays) ?? 0),
            consumed.Message?.Value is { } value ? Encoding.UTF8.GetString(value) : null);
    }

    /// <summary>
    /// The message to send back to <see cref="SourceTopic"/>: the original key, value and headers, without
    /// the dead-letter verdict, with <see cref="DeadLetterHeaders.Replays"/> one higher.
    /// </summary>
    public static Message<byte[]?, byte[]?> ToReplay(ConsumeResult<byte[]?, byte[]?> consumed)
    {
        ArgumentNullException.ThrowIfNull(consumed);

        var headers = new Headers();
        foreach (var header in consumed.Message?.Headers ?? [])
        {
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal) && header.Key != DeadLetterHeaders.Replays)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        DeadLetterHeaders.Set(headers, DeadLetterHeaders.Replays, From(consumed).Replays + 1);
        return new Message<byte[]?, byte[]?> { Key = consumed.Message?.Key, Value = consumed.Message?.Value, Headers = headers };
    }
}
