using System.Net;
using System.Net.Sockets;

namespace AiMesh.DevBroker;

/// <summary>Finds loopback ports that are free now, for brokers and the control API started without one.</summary>
/// <remarks>
/// Another process could take a port between this check and the broker's bind; the bind then
/// fails with a clear message, which is acceptable for a port nobody asked for.
/// </remarks>
internal static class FreeTcpPort
{
    /// <summary>Holds every listener until all are picked, so the ports differ from one another.</summary>
    public static int[] Pick(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Dispose();
            }
        }
    }
}
