using System.Net;
using System.Net.Sockets;

namespace AiMesh.Tests;

/// <summary>Loopback ports for tests.</summary>
public static class Ports
{
    /// <summary>A loopback port nothing listens on: connecting to it is refused at once.</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A loopback port with nothing listening on it, at least for now, for a server a test starts.</summary>
    public static int Free() => Closed();
}
