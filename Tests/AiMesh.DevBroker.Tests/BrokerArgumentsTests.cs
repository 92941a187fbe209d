namespace AiMesh.DevBroker.Tests;

public sealed class BrokerArgumentsTests
{
    [Fact]
    public void No_arguments_give_three_brokers_no_topics_no_file_and_no_parent()
    {
        Assert.True(BrokerArguments.TryParse([], out var options, out _));

        Assert.Equal(3, options.BrokerCount);
        Assert.Empty(options.Topics);
        Assert.Null(options.BootstrapFile);
        Assert.Null(options.ParentPid);
    }

    [Fact]
    public void The_full_contract_parses_into_options()
    {
        string[] args = ["--brokers", "5", "--topic", "data-topic:8", "--topic", "result-topic", "--bootstrap-file", "/tmp/x/bootstrap.txt", "--parent-pid", "1234"];

        Assert.True(BrokerArguments.TryParse(args, out var options, out var error), error);

        Assert.Equal(5, options.BrokerCount);
        Assert.Equal([new TopicSpec("data-topic", 8), new TopicSpec("result-topic", 4)], options.Topics);
        Assert.Equal("/tmp/x/bootstrap.txt", options.BootstrapFile);
        Assert.Equal(1234, options.ParentPid);
    }

    [Fact]
    public void Values_may_also_be_attached_with_an_equals_sign()
    {
        Assert.True(BrokerArguments.TryParse(["--brokers=1", "--topic=a:2"], out var options, out var error), error);

        Assert.Equal(1, options.BrokerCount);
        Assert.Equal([new TopicSpec("a", 2)], options.Topics);
    }

    [Fact]
    public void A_relative_bootstrap_file_is_made_absolute()
    {
        Assert.True(BrokerArguments.TryParse(["--bootstrap-file", "bootstrap.txt"], out var options, out _));

        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "bootstrap.txt"), options.BootstrapFile);
    }

    [Theory]
    [InlineData("--brokers must be a whole number from 1 to 64", "--brokers", "0")]
    [InlineData("--brokers must be a whole number from 1 to 64", "--brokers", "65")]
    [InlineData("--brokers must be a whole number from 1 to 64", "--brokers", "+3")]
    [InlineData("--brokers needs a value", "--brokers")]
    [InlineData("--brokers needs a value", "--brokers", "--topic", "a")]
    [InlineData("--brokers was given more than once", "--brokers", "1", "--brokers", "2")]
    [InlineData("--topic 'a' was given more than once", "--topic", "a:1", "--topic", "a:2")]
    [InlineData("--topic 'a:x': partitions must be", "--topic", "a:x")]
    [InlineData("--topic topic name 'a b' may only contain", "--topic", "a b")]
    [InlineData("--topic a topic needs a name", "--topic", ":3")]
    [InlineData("--parent-pid must be a process id", "--parent-pid", "0")]
    [InlineData("--bootstrap-file needs a path", "--bootstrap-file=")]
    [InlineData("unknown option '--broker'", "--broker", "3")]
    [InlineData("unexpected argument 'extra'", "extra")]
    public void Bad_arguments_are_rejected_with_a_message_naming_the_problem(string expected, params string[] args)
    {
        Assert.False(BrokerArguments.TryParse(args, out var options, out var error));

        Assert.Null(options);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised_wherever_it_appears(string flag)
    {
        Assert.True(BrokerArguments.IsHelpRequested(["--brokers", "1", flag]));
        Assert.False(BrokerArguments.IsHelpRequested(["--brokers", "1"]));
    }
}
