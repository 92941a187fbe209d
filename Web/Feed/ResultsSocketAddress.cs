using System.Net;
using AiMesh.Web.Clients;
using Microsoft.Extensions.ServiceDiscovery;

namespace AiMesh.Web.Feed;

/// <summary>
/// The <c>ws://</c> address of one of Results' WebSockets (<paramref name="path"/>): the replicas service
/// discovery knows for <see cref="ServiceAddresses.Results"/>, with <c>http</c> turned into <c>ws</c>.
/// </summary>
/// <remarks>
/// The WebSocket does not go through an HTTP client, whose resilience handler would retry and time out
/// a connection meant to stay open; it asks the discovery resolver for the addresses instead.
/// Each call moves to the next replica, so a reconnect after a replica went away tries another one;
/// each feed has its own instance, so one feed's reconnects do not skip a replica for another.
/// </remarks>
public sealed class ResultsSocketAddress(ServiceEndpointResolver resolver, string path)
{
    private int _next = -1;

    /// <summary>The address to connect to next.</summary>
    public async ValueTask<Uri> NextAsync(CancellationToken cancellationToken = default)
    {
        var source = await resolver.GetEndpointsAsync(ServiceAddresses.Results.OriginalString, cancellationToken).ConfigureAwait(false);
        var endpoints = source.Endpoints;
        if (endpoints.Count == 0)
        {
            throw new InvalidOperationException(
                $"Service discovery knows no endpoint for {ServiceAddresses.Results}. Set services__results__http__0 " +
                "(the AppHost's WithReference does) to Results' address.");
        }

        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Count);
        return ToWebSocket(ToUri(endpoints[index].EndPoint), path);
    }

    /// <summary><c>http://host:port</c> becomes <c>ws://host:port{path}</c> (https becomes wss).</summary>
    public static Uri ToWebSocket(Uri endpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoint);

        var scheme = string.Equals(endpoint.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? Uri.UriSchemeWss : Uri.UriSchemeWs;
        return new UriBuilder(endpoint) { Scheme = scheme, Port = endpoint.IsDefaultPort ? -1 : endpoint.Port, Path = path }.Uri;
    }

    /// <summary>
    /// The resolver hands out <see cref="EndPoint"/>s: a <see cref="UriEndPoint"/> keeps its scheme; an
    /// IP or DNS end point came from an <c>http</c> lookup and so is plain http. With nothing configured
    /// the resolver passes the name through as a DNS end point without a port (port 0).
    /// </summary>
    private static Uri ToUri(EndPoint endPoint) => endPoint switch
    {
        UriEndPoint uri => uri.Uri,
        IPEndPoint ip => new UriBuilder(Uri.UriSchemeHttp, ip.Address.ToString(), PortOrDefault(ip.Port)).Uri,
        DnsEndPoint dns => new UriBuilder(Uri.UriSchemeHttp, dns.Host, PortOrDefault(dns.Port)).Uri,
        _ => throw new InvalidOperationException($"Service discovery gave Results an end point of an unknown kind: {endPoint}."),
    };

    private static int PortOrDefault(int port) => port > 0 ? port : -1;
}
