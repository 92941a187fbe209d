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
        Usage: AiMesh.DevBroker [--port P]... [--topic NAME[:PARTITIONS]]... [options]

        Hosts librdkafka's in-memory mock Kafka cluster on 127.0.0.1 for development and tests.

        Options:
          --port P                   a broker's fixed port; one per broker, broker ids 1..N in order
                                     (none: 3 brokers on free ports)
          --topic NAME[:PARTITIONS]  create a topic at startup (partitions default 4); repeatable
          --control-port P           port of the HTTP control API (default: a free port)
          --session-timeout-ms MS    KIP-848 group session timeout (default 6000)
          --heartbeat-interval-ms MS KIP-848 group heartbeat interval (default 1000)
          -h, --help                 show this help

        """;

    private const int MaxTimeoutMs = 3_600_000;

    private static readonly HashSet<string> s_repeatable = ["--port", "--topic"];

    public static bool IsHelpRequested(IReadOnlyList<string> args) =>
        args.Any(a => a is "-h" or "--help" or "-?");

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out BrokerOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        var result = new BrokerOptions();
        var ports = new List<int>();
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

            if (name is not ("--port" or "--topic" or "--control-port" or "--session-timeout-ms" or "--heartbeat-interval-ms"))
            {
                error = $"unknown option '{name}'";
                return false;
            }

            if (!s_repeatable.Contains(name) && !seen.Add(name))
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
                "--port" => ApplyPort(value, ports),
                "--topic" => ApplyTopic(value, topics),
                "--control-port" => ApplyControlPort(value, ref result),
                "--session-timeout-ms" => ApplySessionTimeout(value, ref result),
                _ => ApplyHeartbeatInterval(value, ref result),
            };
            if (error is not null)
            {
                return false;
            }
        }

        result = result with { BrokerPorts = ports, Topics = topics };
        error = Validate(result);
        if (error is not null)
        {
            return false;
        }

        options = result;
        return true;
    }

    private static string? Validate(BrokerOptions options)
    {
        if (options.ControlPort is int control && options.BrokerPorts.Contains(control))
        {
            return $"--control-port {control} is also a broker's --port";
        }

        return options.HeartbeatIntervalMs < options.SessionTimeoutMs
            ? null
            : $"--heartbeat-interval-ms ({options.HeartbeatIntervalMs}) must be shorter than --session-timeout-ms ({options.SessionTimeoutMs})";
    }

    private static string? ApplyPort(string value, List<int> ports)
    {
        if (!TryParseInt(value, 1, ushort.MaxValue, out var port))
        {
            return $"--port must be a TCP port from 1 to 65535, not '{value}'";
        }

        if (ports.Contains(port))
        {
            return $"--port {port} was given more than once";
        }

        if (ports.Count == MaxBrokerCount)
        {
            return $"at most {MaxBrokerCount} brokers (--port) are supported";
        }

        ports.Add(port);
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

    private static string? ApplyControlPort(string value, ref BrokerOptions options)
    {
        if (!TryParseInt(value, 1, ushort.MaxValue, out var port))
        {
            return $"--control-port must be a TCP port from 1 to 65535, not '{value}'";
        }

        options = options with { ControlPort = port };
        return null;
    }

    private static string? ApplySessionTimeout(string value, ref BrokerOptions options)
    {
        if (!TryParseInt(value, 100, MaxTimeoutMs, out var milliseconds))
        {
            return $"--session-timeout-ms must be a whole number from 100 to {MaxTimeoutMs}, not '{value}'";
        }

        options = options with { SessionTimeoutMs = milliseconds };
        return null;
    }

    private static string? ApplyHeartbeatInterval(string value, ref BrokerOptions options)
    {
        if (!TryParseInt(value, 10, MaxTimeoutMs, out var milliseconds))
        {
            return $"--heartbeat-interval-ms must be a whole number from 10 to {MaxTimeoutMs}, not '{value}'";
        }

        options = options with { HeartbeatIntervalMs = milliseconds };
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
