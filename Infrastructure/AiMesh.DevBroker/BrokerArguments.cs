using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AiMesh.DevBroker;

/// <summary>
/// The dev broker's command line. Small enough that a hand-written parser stays clearer than a
/// framework, and every error it reports is one sentence for the launcher's log.
/// </summary>
public static class BrokerArguments
{
    /// <summary>A guard against typos: every broker is a listener on the one mock thread.</summary>
    public const int MaxBrokerCount = 64;

    public const string Usage = """
        Usage: AiMesh.DevBroker [options]

        Hosts librdkafka's in-memory mock Kafka cluster on 127.0.0.1 for development and tests.

        Options:
          --brokers N               number of brokers (1-64, default 3)
          --topic NAME[:PARTITIONS] create a topic at startup (partitions default 4); repeatable
          --bootstrap-file PATH     write the bootstrap servers to PATH (atomically) once ready
          --parent-pid PID          stop when process PID exits
          -h, --help                show this help

        """;

    public static bool IsHelpRequested(IReadOnlyList<string> args) =>
        args.Any(a => a is "-h" or "--help" or "-?");

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out BrokerOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        var result = new BrokerOptions();
        var topics = new List<TopicSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = SplitInlineValue(args[i]);
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unexpected argument '{args[i]}'";
                return false;
            }

            if (name is not ("--brokers" or "--topic" or "--bootstrap-file" or "--parent-pid"))
            {
                error = $"unknown option '{name}'";
                return false;
            }

            if (name != "--topic" && !seen.Add(name))
            {
                error = $"{name} was given more than once";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"{name} needs a value";
                    return false;
                }

                value = args[++i];
            }

            error = name switch
            {
                "--brokers" => ApplyBrokers(value, ref result),
                "--topic" => ApplyTopic(value, topics),
                "--bootstrap-file" => ApplyBootstrapFile(value, ref result),
                _ => ApplyParentPid(value, ref result),
            };
            if (error is not null)
            {
                return false;
            }
        }

        options = result with { Topics = topics };
        error = null;
        return true;
    }

    private static string? ApplyBrokers(string value, ref BrokerOptions options)
    {
        if (!TryParseInt(value, 1, MaxBrokerCount, out var brokers))
        {
            return $"--brokers must be a whole number from 1 to {MaxBrokerCount}, not '{value}'";
        }

        options = options with { BrokerCount = brokers };
        return null;
    }

    private static string? ApplyTopic(string value, List<TopicSpec> topics)
    {
        if (!TopicSpec.TryParse(value, out var topic, out var error))
        {
            return $"--topic {error}";
        }

        if (topics.Any(t => t.Name == topic.Name))
        {
            return $"--topic '{topic.Name}' was given more than once";
        }

        topics.Add(topic);
        return null;
    }

    private static string? ApplyBootstrapFile(string value, ref BrokerOptions options)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "--bootstrap-file needs a path";
        }

        options = options with { BootstrapFile = Path.GetFullPath(value) };
        return null;
    }

    private static string? ApplyParentPid(string value, ref BrokerOptions options)
    {
        if (!TryParseInt(value, 1, int.MaxValue, out var pid))
        {
            return $"--parent-pid must be a process id, not '{value}'";
        }

        options = options with { ParentPid = pid };
        return null;
    }

    // Accepts "--name=value" as well as "--name value", as most CLIs do.
    private static (string Name, string? Value) SplitInlineValue(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 2
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    private static bool TryParseInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
