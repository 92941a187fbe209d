using System.Net;
using System.Net.Sockets;

namespace AiMesh.Hosting.Orchestration;

/// <summary>Hands out free loopback ports, never the same one twice in one AppHost.</summary>
internal sealed class PortAllocator
{
    private readonly HashSet<int> _issued = [];

    public int Allocate()
    {
        lock (_issued)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (_issued.Add(port))
                {
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
