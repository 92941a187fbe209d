using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace AiMesh.DevBroker;

/// <summary>
/// Joins a client connection on a broker's fixed port to that broker's mock listener, byte for
/// byte. The mock listens only on random ports; this is what lets clients keep one address
/// across restarts of the dev broker. Kestrel owns the fixed ports and the accepted connections.
/// </summary>
internal sealed partial class BrokerForwarder(
    DevBrokerCluster cluster,
    IHostApplicationLifetime lifetime,
    ILogger<BrokerForwarder> logger)
{
    public async Task ForwardAsync(ConnectionContext client, int brokerId)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(client.ConnectionClosed, lifetime.ApplicationStopping);
        if (cluster.ListenerPortOf(brokerId) is not int listenerPort)
        {
            return; // Stopping: closing the connection is all a client needs to hear.
        }

        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listenerPort), stop.Token);
        }
        catch (SocketException ex)
        {
            // A broker set down refuses connections; the client sees its connection closed, as with a real broker.
            LogRefused(logger, brokerId, ex.SocketErrorCode);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await using var broker = new NetworkStream(upstream, ownsSocket: false);
        var toBroker = client.Transport.Input.CopyToAsync(broker, stop.Token);
        var toClient = broker.CopyToAsync(client.Transport.Output, stop.Token);

        // Either side closing ends both: Kafka has no use for half-closed connections.
        await Task.WhenAny(toBroker, toClient);
        await stop.CancelAsync();
        upstream.Close();
        await Task.WhenAll(Quietly(toBroker), Quietly(toClient));
    }

    // The copy that did not finish first fails with cancellation or a reset; that is the expected end.
    private static async Task Quietly(Task copy)
    {
        try
        {
            await copy;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Broker {BrokerId} refused a forwarded connection ({Error}); it is probably set down")]
    private static partial void LogRefused(ILogger logger, int brokerId, SocketError error);
}
