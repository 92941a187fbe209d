using System.Net;
using System.Net.Sockets;

namespace AiMesh.DevBroker;

/// <summary>Finds a loopback port that is free now, for brokers and the control API started without one.</summary>
/// <remarks>
/// Another process could take the port between this check and the broker's bind; the bind then
/// fails with a clear message, which is acceptable for a port nobody asked for.
/// </remarks>
internal static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
