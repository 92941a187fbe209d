using System.Net;
using System.Net.Sockets;

namespace AiMesh.ServiceDefaults.Tests.Infrastructure;

internal static class Ports
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
}
