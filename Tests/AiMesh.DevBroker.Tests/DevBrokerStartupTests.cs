using AiMesh.DevBroker.Tests.TestSupport;
using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests;

public sealed class DevBrokerStartupTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public void The_bootstrap_file_lists_one_loopback_listener_per_broker()
    {
        var listeners = fixture.BootstrapServers.Split(',');

        Assert.Equal(DevBrokerFixture.BrokerCount, listeners.Length);
        Assert.All(listeners, l => Assert.Matches(@"^127\.0\.0\.1:\d+$", l));
        Assert.Equal(DevBrokerFixture.BrokerCount, listeners.Distinct().Count());
    }

    [Fact]
    public async Task Stdout_has_exactly_one_bootstrap_line_matching_the_file()
    {
        await fixture.Broker.WaitForOutputLineAsync(IsBootstrapLine, TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal([$"Bootstrap servers: {fixture.BootstrapServers}"], fixture.Broker.StandardOutput.Where(IsBootstrapLine));
    }

    [Fact]
    public async Task The_log_warns_that_the_cluster_is_in_memory_and_not_durable()
    {
        await fixture.Broker.WaitForOutputLineAsync(IsBootstrapLine, TestContext.Current.CancellationToken).DefaultTimeout();
        var output = string.Join('\n', fixture.Broker.StandardOutput);

        Assert.Contains("NOT durable", output);
        Assert.Contains("5 MiB", output);
        Assert.DoesNotContain("CONFWARN", output);
    }

    [Fact]
    public void Every_requested_topic_exists_with_its_partition_count()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));

        Assert.Equal(DevBrokerFixture.BrokerCount, metadata.Brokers.Count);
        foreach (var (name, partitions) in DevBrokerFixture.Topics)
        {
            var topic = Assert.Single(metadata.Topics, t => t.Topic == name);
            Assert.Equal(ErrorCode.NoError, topic.Error.Code);
            Assert.Equal(partitions, topic.Partitions.Count);
        }
    }

    private static bool IsBootstrapLine(string line) => line.StartsWith("Bootstrap servers:", StringComparison.Ordinal);
}
