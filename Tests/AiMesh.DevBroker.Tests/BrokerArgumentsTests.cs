namespace AiMesh.DevBroker.Tests;

public sealed class BrokerArgumentsTests
{
    [Fact]
    public void No_arguments_give_three_brokers_on_free_ports_no_topics_and_the_default_group_timeouts()
    {
        Assert.True(BrokerArguments.TryParse([], out var options, out _));

        Assert.Empty(options.BrokerPorts);
        Assert.Equal(3, options.BrokerCount);
        Assert.Empty(options.Topics);
        Assert.Null(options.ControlPort);
        Assert.Equal(6000, options.SessionTimeoutMs);
        Assert.Equal(1000, options.HeartbeatIntervalMs);
    }

    [Fact]
    public void The_apphosts_command_line_parses_into_options()
    {
        string[] args =
        [
            "--port", "29092", "--port", "29093", "--port", "29094",
            "--topic", "data-topic:8", "--topic", "result-topic",
            "--control-port", "29090", "--session-timeout-ms", "6000", "--heartbeat-interval-ms", "1000",
        ];

        Assert.True(BrokerArguments.TryParse(args, out var options, out var error), error);

        Assert.Equal([29092, 29093, 29094], options.BrokerPorts);
        Assert.Equal(3, options.BrokerCount);
        Assert.Equal([new TopicSpec("data-topic", 8), new TopicSpec("result-topic", 4)], options.Topics);
        Assert.Equal(29090, options.ControlPort);
        Assert.Equal(6000, options.SessionTimeoutMs);
        Assert.Equal(1000, options.HeartbeatIntervalMs);
    }

    [Fact]
    public void The_order_of_ports_gives_the_broker_ids()
    {
        Assert.True(BrokerArguments.TryParse(["--port", "40002", "--port", "40001"], out var options, out _));

        Assert.Equal([40002, 40001], options.BrokerPorts);
    }

    [Fact]
    public void Values_may_also_be_attached_with_an_equals_sign()
    {
        Assert.True(BrokerArguments.TryParse(["--port=40001", "--topic=a:2", "--session-timeout-ms=3000"], out var options, out var error), error);

        Assert.Equal([40001], options.BrokerPorts);
        Assert.Equal([new TopicSpec("a", 2)], options.Topics);
        Assert.Equal(3000, options.SessionTimeoutMs);
    }

    [Theory]
    [InlineData("--port must be a TCP port from 1 to 65535", "--port", "0")]
    [InlineData("--port must be a TCP port from 1 to 65535", "--port", "65536")]
    [InlineData("--port must be a TCP port from 1 to 65535", "--port", "+3")]
    [InlineData("--port 40001 was given more than once", "--port", "40001", "--port", "40001")]
    [InlineData("--port needs a value", "--port")]
    [InlineData("--port needs a value", "--port", "--topic", "a")]
    [InlineData("--control-port must be a TCP port", "--control-port", "x")]
    [InlineData("--control-port was given more than once", "--control-port", "1", "--control-port", "2")]
    [InlineData("--control-port 40001 is also a broker's --port", "--port", "40001", "--control-port", "40001")]
    [InlineData("--session-timeout-ms must be a whole number from 100", "--session-timeout-ms", "50")]
    [InlineData("--heartbeat-interval-ms must be a whole number from 10", "--heartbeat-interval-ms", "-1")]
    [InlineData("--heartbeat-interval-ms (6000) must be shorter than --session-timeout-ms (6000)", "--heartbeat-interval-ms", "6000")]
    [InlineData("--topic 'a' was given more than once", "--topic", "a:1", "--topic", "a:2")]
    [InlineData("--topic 'a:x': partitions must be", "--topic", "a:x")]
    [InlineData("--topic topic name 'a b' may only contain", "--topic", "a b")]
    [InlineData("--topic a topic needs a name", "--topic", ":3")]
    [InlineData("unknown option '--brokers'", "--brokers", "3")]
    [InlineData("unknown option '--bootstrap-file'", "--bootstrap-file", "x")]
    [InlineData("unexpected argument 'extra'", "extra")]
    public void Bad_arguments_are_rejected_with_a_message_naming_the_problem(string expected, params string[] args)
    {
        Assert.False(BrokerArguments.TryParse(args, out var options, out var error));

        Assert.Null(options);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_the_maximum_number_of_brokers_is_rejected()
    {
        var args = Enumerable.Range(40000, BrokerArguments.MaxBrokerCount + 1).SelectMany(p => new[] { "--port", p.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToArray();

        Assert.False(BrokerArguments.TryParse(args, out _, out var error));
        Assert.StartsWith($"at most {BrokerArguments.MaxBrokerCount} brokers", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised_wherever_it_appears(string flag)
    {
        Assert.True(BrokerArguments.IsHelpRequested(["--port", "1", flag]));
        Assert.False(BrokerArguments.IsHelpRequested(["--port", "1"]));
    }
}
