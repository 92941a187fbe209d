using System.Net;
using System.Net.Sockets;

namespace AiMesh.DevBroker.Tests.TestSupport;

/// <summary>Loopback ports that are free now, for brokers the tests start on fixed ports.</summary>
internal static class FreePorts
{
    /// <summary>Holds every listener until all are picked, so the ports differ from one another.</summary>
    public static int[] Pick(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }
}
