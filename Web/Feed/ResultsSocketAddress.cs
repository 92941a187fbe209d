using AiMesh.ServiceDefaults.ServiceDiscovery;
using AiMesh.Web.Clients;
using Microsoft.Extensions.Options;

namespace AiMesh.Web.Feed;

/// <summary>
/// The <c>ws://</c> address of Results' WebSocket, from the same configuration service discovery reads
/// for <see cref="ServiceAddresses.Results"/>: <c>services:results:default</c> or
/// <c>services:results:http</c>, one value or an indexed list of replicas.
/// </summary>
/// <remarks>
/// ServiceDefaults' resolver is internal and its handler only rewrites http(s) requests, so the feed
/// reads the same keys here rather than sending the WebSocket through an HTTP client, whose resilience
/// handler would retry and time out a connection meant to stay open.
/// Each call moves to the next replica, so a reconnect after a replica went away tries another one.
/// </remarks>
public sealed class ResultsSocketAddress(IConfiguration configuration, IOptions<ServiceDiscoveryOptions> discovery, IOptions<ResultsFeedOptions> options)
{
    private static readonly string[] s_endpointNames = ["default", Uri.UriSchemeHttp];

    private int _next = -1;

    /// <summary>The address to connect to next.</summary>
    public Uri Next()
    {
        var endpoints = ReadEndpoints();
        if (endpoints.Count == 0)
        {
            var sectionName = discovery.Value.SectionName;
            var serviceName = ServiceAddresses.Results.Host;
            throw new InvalidOperationException(
                $"No endpoint is configured for service '{serviceName}'. Set {sectionName}__{serviceName}__http__0 " +
                $"(configuration '{sectionName}:{serviceName}:http:0'); the AppHost sets it for a project that references " +
                "the service with WithReference(...).");
        }

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

    private List<Uri> ReadEndpoints()
    {
        var service = configuration.GetSection(discovery.Value.SectionName).GetSection(ServiceAddresses.Results.Host);
        var section = s_endpointNames.Select(service.GetSection).FirstOrDefault(candidate => candidate.Exists());
        if (section is null)
        {
            return [];
        }

        IEnumerable<string?> values = !string.IsNullOrWhiteSpace(section.Value)
            ? [section.Value]
            : section.GetChildren()
                .OrderBy(child => int.TryParse(child.Key, out var index) ? index : int.MaxValue)
                .Select(child => child.Value);

        return [.. values
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .Select(value => value!.Trim())
            .Select(value => value.Contains("://", StringComparison.Ordinal) ? value : $"{Uri.UriSchemeHttp}://{value}")
            .Select(value => Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Where(uri => uri.Scheme is "http" or "https")];
    }
}
