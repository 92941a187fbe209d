using System.Net;
using System.Net.Sockets;
using AiMesh.Hosting.Orchestration;

namespace AiMesh.Hosting.Tests.Model;

public sealed class PortAllocatorTests
{
    [Fact]
    public void Allocated_ports_are_free_and_never_handed_out_twice()
    {
        var allocator = new PortAllocator();

        var ports = Enumerable.Range(0, 20).Select(_ => allocator.Allocate()).ToList();

        Assert.Equal(20, ports.Distinct().Count());
        // Below the kernel's ephemeral range, which outgoing connections and port-0 listeners draw from.
        Assert.All(ports, port => Assert.InRange(port, 10_000, 32_767));
        using var listener = new TcpListener(IPAddress.Loopback, ports[0]);
        listener.Start();
    }

    [Fact]
    public void Claiming_a_port_something_listens_on_fails_naming_the_owner()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var e = Assert.Throws<DistributedApplicationException>(() => new PortAllocator().Claim(port, "redis/tcp"));

        Assert.Equal($"Port {port} for redis/tcp is already in use.", e.Message);
    }

    [Fact]
    public void A_port_can_be_claimed_once()
    {
        var allocator = new PortAllocator();
        var port = allocator.Allocate();

        Assert.Throws<DistributedApplicationException>(() => allocator.Claim(port, "api/http"));
        var free = FreePort();
        Assert.Equal(free, allocator.Claim(free, "web/http"));
        Assert.Throws<DistributedApplicationException>(() => allocator.Claim(free, "admin/http"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
