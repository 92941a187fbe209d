using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace AiMesh.DevBroker.Forwarding;

/// <summary>
/// Joins a client connection on a broker's fixed port to that broker's mock listener, through a
/// <see cref="KafkaConnectionRelay"/> that answers fetches as a real broker would. The mock listens
/// only on random ports; this is what lets clients keep one address across restarts of the dev
/// broker. Kestrel owns the fixed ports and the accepted connections.
/// </summary>
internal sealed partial class BrokerForwarder(
    DevBrokerCluster cluster,
    BrokerOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<BrokerForwarder> logger)
{
    // Per broker: a produce it answers wakes the fetches held on any of its connections.
    private readonly DataArrivals[] _arrivals = [.. Enumerable.Range(0, options.BrokerCount).Select(_ => new DataArrivals())];

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
        var relay = new KafkaConnectionRelay(_arrivals[brokerId - 1], logger);
        var fromBroker = PipeReader.Create(broker, new StreamPipeReaderOptions(leaveOpen: true));
        var toBroker = PipeWriter.Create(broker, new StreamPipeWriterOptions(leaveOpen: true));
        var requests = relay.RelayRequestsAsync(client.Transport.Input, toBroker, stop.Token);
        var responses = relay.RelayResponsesAsync(fromBroker, client.Transport.Output, stop.Token);

        // Either side closing ends both: Kafka has no use for half-closed connections.
        await Task.WhenAny(requests, responses);
        await stop.CancelAsync();
        upstream.Close();
        await Task.WhenAll(Quietly(requests), Quietly(responses));
        await Quietly(fromBroker.CompleteAsync().AsTask());
        await Quietly(toBroker.CompleteAsync().AsTask());
    }

    // The direction that did not end first fails with cancellation or a reset, and what is left to
    // flush to a closed socket fails too: that is the expected end. So is a client that is not Kafka.
    private static async Task Quietly(Task relaying)
    {
        try
        {
            await relaying;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException
            or InvalidOperationException or InvalidDataException)
        {
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Broker {BrokerId} refused a forwarded connection ({Error}); it is probably set down")]
    private static partial void LogRefused(ILogger logger, int brokerId, SocketError error);
}
