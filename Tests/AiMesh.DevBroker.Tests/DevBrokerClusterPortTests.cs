using AiMesh.DevBroker.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.DevBroker.Tests;

/// <summary>
/// The mock listens on random ports, and Kestrel then opens the fixed ones: a mock listener on a fixed
/// port (both come from the kernel's ephemeral range) would fail the start with "address already in use".
/// </summary>
public sealed class DevBrokerClusterPortTests
{
    private const int Brokers = 3;

    [Fact]
    public void A_cluster_whose_listener_took_a_fixed_port_is_replaced_by_one_whose_listeners_did_not()
    {
        var first = MockCluster.Create(Brokers, NullLogger.Instance);
        var free = FreeTcpPort.Pick(3);
        var options = new BrokerOptions { BrokerPorts = [free[0], first.ListenerPort(2), free[1]], ControlPort = free[2] };
        using var starting = NewCluster(options);
        var made = 0;

        using var cluster = starting.CreateClusterOffTheFixedPorts(() => ++made == 1 ? first : MockCluster.Create(Brokers, NullLogger.Instance));

        Assert.True(made >= 2);
        Assert.NotSame(first, cluster);
        Assert.DoesNotContain(ListenerPorts(cluster), [.. options.BrokerPorts, options.ControlPort.Value]);
        Assert.Throws<ObjectDisposedException>(() => first.SetBrokerDown(1));
    }

    [Fact]
    public void A_cluster_whose_listeners_are_off_the_fixed_ports_is_kept()
    {
        var free = FreeTcpPort.Pick(Brokers + 1);
        var options = new BrokerOptions { BrokerPorts = free[..Brokers], ControlPort = free[Brokers] };
        using var starting = NewCluster(options);
        var made = 0;

        using var cluster = starting.CreateClusterOffTheFixedPorts(() =>
        {
            made++;
            return MockCluster.Create(Brokers, NullLogger.Instance);
        });

        // The ports were free when picked, and the kernel hands out ephemeral ports in turn: the first
        // cluster all but surely keeps off them.
        Assert.Equal(1, made);
    }

    private static DevBrokerCluster NewCluster(BrokerOptions options) =>
        new(options, NullLogger<DevBrokerCluster>.Instance, NullLogger<LibRdKafkaLogForwarder>.Instance);

    private static int[] ListenerPorts(MockCluster cluster) =>
        [.. Enumerable.Range(1, cluster.BrokerCount).Select(cluster.ListenerPort)];
}
