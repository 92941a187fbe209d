using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace AiMesh.ServiceDefaults.Kafka.DeadLetters;

/// <summary>
/// The headers a dead letter carries besides the original message's own: where it came from and why it
/// could not be handled. Values are UTF-8 text; numbers and times are invariant-culture text.
/// </summary>
public static class DeadLetterHeaders
{
    public const string Prefix = "aimesh.dlq.";

    public const string SourceTopic = Prefix + "source.topic";
    public const string SourcePartition = Prefix + "source.partition";
    public const string SourceOffset = Prefix + "source.offset";
    public const string SourceKey = Prefix + "source.key";
    public const string ErrorType = Prefix + "error.type";
    public const string ErrorMessage = Prefix + "error.message";
    public const string Attempts = Prefix + "attempts";
    public const string Instance = Prefix + "instance";
    public const string Time = Prefix + "time";

    /// <summary>
    /// On a message replayed from a dead-letter topic: how many times it has been replayed. It travels with
    /// the message, so a replayed message that fails again arrives in the dead-letter topic with its count.
    /// </summary>
    public const string Replays = "aimesh.replays";

    /// <summary>The last value of <paramref name="name"/> as text, or null.</summary>
    public static string? Read(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) && bytes is not null ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The last value of <paramref name="name"/> as a number, or null when absent or not a number.</summary>
    public static long? ReadNumber(Headers? headers, string name) =>
        long.TryParse(Read(headers, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Replaces every value of <paramref name="name"/> with <paramref name="value"/>.</summary>
    public static void Set(Headers headers, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Remove(name);
        headers.Add(name, Encoding.UTF8.GetBytes(value));
    }

    /// <inheritdoc cref="Set(Headers, string, string)"/>
    public static void Set(Headers headers, string name, long value) => Set(headers, name, value.ToString(CultureInfo.InvariantCulture));
}
