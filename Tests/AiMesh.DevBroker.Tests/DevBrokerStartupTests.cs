using System.Net;
using AiMesh.DevBroker.Tests.TestSupport;
using Confluent.Kafka;

namespace AiMesh.DevBroker.Tests;

public sealed class DevBrokerStartupTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public async Task Health_answers_200_once_the_brokers_listen()
    {
        using var control = new ControlClient(fixture.Plan);

        using var response = await control.Http.GetAsync(new Uri("health", UriKind.Relative), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Status_lists_the_fixed_ports_the_topics_and_that_nothing_is_durable()
    {
        using var control = new ControlClient(fixture.Plan);

        var status = await control.GetStatusAsync(TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(fixture.BootstrapServers, status.BootstrapServers);
        Assert.Equal(
            fixture.Plan.BrokerPorts.Select((port, index) => (index + 1, port, true, 0)),
            status.Brokers.Select(b => (b.Id, b.Port, b.Up, b.RttMs)));
        Assert.Equal(
            DevBrokerFixture.Topics.OrderBy(t => t.Key).Select(t => (t.Key, t.Value)),
            status.Topics.OrderBy(t => t.Name).Select(t => (t.Name, t.Partitions)));
        Assert.False(status.Durable);
        Assert.Equal(5 * 1024 * 1024, status.RetentionBytesPerPartition);
        Assert.Contains("NOT durable", status.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Clients_are_told_the_fixed_ports_and_find_every_topic()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));

        Assert.Equal(
            fixture.Plan.BrokerPorts.Select((port, index) => (index + 1, "127.0.0.1", port)),
            metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => (b.BrokerId, b.Host, b.Port)));
        foreach (var (name, partitions) in DevBrokerFixture.Topics)
        {
            var topic = Assert.Single(metadata.Topics, t => t.Topic == name);
            Assert.Equal(ErrorCode.NoError, topic.Error.Code);
            Assert.Equal(partitions, topic.Partitions.Count);
        }
    }

    [Fact]
    public async Task The_log_gives_the_bootstrap_servers_and_warns_that_the_cluster_is_in_memory()
    {
        using var control = new ControlClient(fixture.Plan);
        await control.GetStatusAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        var output = string.Join('\n', fixture.Broker.StandardOutput);

        Assert.Contains($"bootstrap servers {fixture.BootstrapServers}", output, StringComparison.Ordinal);
        Assert.Contains("NOT durable", output, StringComparison.Ordinal);
        Assert.Contains("5 MiB", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CONFWARN", output, StringComparison.Ordinal);
        Assert.All(fixture.Broker.StandardOutput, line => Assert.DoesNotContain('\x1b', line));
    }

    [Fact]
    public void The_broker_runs_the_bundled_librdkafka_and_no_other()
    {
        var librdkafka = fixture.Broker.MappedFiles().Where(f => f.Contains("librdkafka", StringComparison.Ordinal)).ToList();

        var loaded = Assert.Single(librdkafka);
        Assert.EndsWith("/runtimes/linux-x64/native/centos8-librdkafka.so", loaded, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tests_clients_run_librdkafka_2_16()
    {
        Assert.Equal("2.16.0", Library.VersionString);
    }
}
