using System.Net;
using System.Net.Sockets;

namespace AiMesh.Hosting.Orchestration;

/// <summary>Hands out free loopback ports, never the same one twice in one AppHost.</summary>
/// <remarks>
/// A port is checked free now and bound by its process moments later. Ports are drawn from below
/// Linux's ephemeral range (32768–60999 by default), as DCP does, because the kernel hands ephemeral
/// ports to every outgoing connection and every listener on port 0: drawn from there, a port could be
/// taken in between, and its replica would fail to bind on every restart.
/// </remarks>
internal sealed class PortAllocator
{
    private const int First = 10_000;
    private const int Last = 32_767;

    private readonly HashSet<int> _issued = [];

    public int Allocate()
    {
        lock (_issued)
        {
            while (true)
            {
                var port = Random.Shared.Next(First, Last + 1);
                if (!_issued.Contains(port) && IsFree(port))
                {
                    _issued.Add(port);
                    return port;
                }
            }
        }
    }

    /// <summary>Claims a fixed port, failing clearly when something else already listens there.</summary>
    public int Claim(int port, string owner)
    {
        lock (_issued)
        {
            if (!_issued.Add(port) || !IsFree(port))
            {
                throw new DistributedApplicationException($"Port {port} for {owner} is already in use.");
            }

            return port;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
