using AiMesh.ServiceDefaults.ServiceDiscovery;
using AiMesh.Web.Clients;
using Microsoft.Extensions.Options;

namespace AiMesh.Web.Feed;

/// <summary>
/// The <c>ws://</c> address of Results' WebSocket: the replicas service discovery knows for
/// <see cref="ServiceAddresses.Results"/>, with <c>http</c> turned into <c>ws</c>.
/// </summary>
/// <remarks>
/// The WebSocket does not go through an HTTP client, whose resilience handler would retry and time out
/// a connection meant to stay open; it asks the discovery resolver for the addresses instead.
/// Each call moves to the next replica, so a reconnect after a replica went away tries another one.
/// </remarks>
public sealed class ResultsSocketAddress(ServiceEndpointResolver resolver, IOptions<ResultsFeedOptions> options)
{
    private int _next = -1;

    /// <summary>The address to connect to next.</summary>
    public Uri Next()
    {
        var endpoints = resolver.GetEndpoints(ServiceAddresses.Results);
        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Count);
        return ToWebSocket(endpoints[index], options.Value.WebSocketPath);
    }

    /// <summary><c>http://host:port</c> becomes <c>ws://host:port{path}</c> (https becomes wss).</summary>
    public static Uri ToWebSocket(Uri endpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoint);

        var scheme = string.Equals(endpoint.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? Uri.UriSchemeWss : Uri.UriSchemeWs;
        return new UriBuilder(endpoint) { Scheme = scheme, Port = endpoint.IsDefaultPort ? -1 : endpoint.Port, Path = path }.Uri;
    }
}
