using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AiMesh.DevBroker;

/// <summary>A topic to create when the broker starts, written on the command line as <c>NAME[:PARTITIONS]</c>.</summary>
public sealed record TopicSpec
{
    /// <summary>The mock's own default for auto-created topics, so explicit and implicit topics match.</summary>
    public const int DefaultPartitions = 4;

    /// <summary>A guard against typos; the mock itself has no limit.</summary>
    public const int MaxPartitions = 10_000;

    // Kafka's own limit (Topic.MAX_NAME_LENGTH).
    private const int MaxNameLength = 249;

    public TopicSpec(string name, int partitions)
    {
        if (ValidateName(name) is { } nameError)
        {
            throw new ArgumentException(nameError, nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitions, MaxPartitions);
        Name = name;
        Partitions = partitions;
    }

    public string Name { get; }

    public int Partitions { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out TopicSpec? topic, [NotNullWhen(false)] out string? error)
    {
        topic = null;
        var separator = text.IndexOf(':', StringComparison.Ordinal);
        var name = separator < 0 ? text : text[..separator];
        var partitions = DefaultPartitions;

        error = ValidateName(name);
        if (error is null && separator >= 0 && !TryParsePartitions(text[(separator + 1)..], out partitions))
        {
            error = $"'{text}': partitions must be a whole number from 1 to {MaxPartitions}";
        }

        if (error is not null)
        {
            return false;
        }

        topic = new TopicSpec(name, partitions);
        return true;
    }

    public override string ToString() => $"{Name}:{Partitions}";

    private static bool TryParsePartitions(string text, out int partitions) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out partitions)
        && partitions is >= 1 and <= MaxPartitions;

    private static string? ValidateName(string name)
    {
        if (name.Length == 0)
        {
            return "a topic needs a name";
        }

        if (name.Length > MaxNameLength)
        {
            return $"topic name '{name[..20]}...' is longer than {MaxNameLength} characters";
        }

        if (name is "." or "..")
        {
            return $"'{name}' is not a legal topic name";
        }

        return name.All(IsLegalNameCharacter)
            ? null
            : $"topic name '{name}' may only contain ASCII letters, digits, '.', '_' and '-'";
    }

    private static bool IsLegalNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
