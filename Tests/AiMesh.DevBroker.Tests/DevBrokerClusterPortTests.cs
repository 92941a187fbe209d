using System.Net;
using System.Net.Sockets;
using AiMesh.DevBroker.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.DevBroker.Tests;

/// <summary>
/// The mock listens on random ports, and Kestrel then opens the fixed ones: a mock listener on a fixed
/// port (both come from the kernel's ephemeral range) would fail the start with "address already in use".
/// The other fixed ports stay held by listeners of the test's own, so no cluster can land on them by chance.
/// </summary>
public sealed class DevBrokerClusterPortTests
{
    private const int Brokers = 3;

    [Fact]
    public void A_cluster_whose_listener_took_a_fixed_port_is_replaced_by_one_whose_listeners_did_not()
    {
        using var first = MockCluster.Create(Brokers, NullLogger.Instance);
        using var held = new HeldPorts(3);
        var options = new BrokerOptions { BrokerPorts = [held.Ports[0], first.ListenerPort(2), held.Ports[1]], ControlPort = held.Ports[2] };
        using var starting = NewCluster(options);
        var made = 0;

        using var cluster = starting.CreateClusterOffTheFixedPorts(() => ++made == 1 ? first : MockCluster.Create(Brokers, NullLogger.Instance));

        Assert.Equal(2, made);
        Assert.DoesNotContain(first.ListenerPort(2), ListenerPorts(cluster));
        Assert.Throws<ObjectDisposedException>(() => first.SetBrokerDown(1));
    }

    [Fact]
    public void A_cluster_whose_listeners_are_off_the_fixed_ports_is_kept()
    {
        using var held = new HeldPorts(Brokers + 1);
        var options = new BrokerOptions { BrokerPorts = held.Ports[..Brokers], ControlPort = held.Ports[Brokers] };
        using var starting = NewCluster(options);
        var made = 0;

        using var cluster = starting.CreateClusterOffTheFixedPorts(() =>
        {
            made++;
            return MockCluster.Create(Brokers, NullLogger.Instance);
        });

        Assert.Equal(1, made);
    }

    private static DevBrokerCluster NewCluster(BrokerOptions options) =>
        new(options, NullLogger<DevBrokerCluster>.Instance, NullLogger<LibRdKafkaLogForwarder>.Instance);

    private static int[] ListenerPorts(MockCluster cluster) =>
        [.. Enumerable.Range(1, cluster.BrokerCount).Select(cluster.ListenerPort)];

    /// <summary>Loopback ports kept listening until disposed, so nothing else can take them meanwhile.</summary>
    private sealed class HeldPorts : IDisposable
    {
        private readonly TcpListener[] _listeners;

        public HeldPorts(int count)
        {
            _listeners = [.. Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0))];
            foreach (var listener in _listeners)
            {
                listener.Start();
            }

            Ports = [.. _listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }

        public int[] Ports { get; }

        public void Dispose()
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }
        }
    }
}
