using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace AiMesh.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// What a logical request URI asks for, in Microsoft.Extensions.ServiceDiscovery's notation:
/// <list type="bullet">
/// <item><c>http://ai</c>: service <c>ai</c>, scheme http.</item>
/// <item><c>https+http://ai</c>: service <c>ai</c>, https preferred, http accepted.</item>
/// <item><c>http://_grpc.ai</c>: service <c>ai</c>, endpoint named <c>grpc</c>.</item>
/// </list>
/// Hosts with dots, <c>localhost</c> and IP addresses are real addresses and are not looked up.
/// </summary>
internal sealed record ServiceEndpointQuery(string ServiceName, string? EndpointName, IReadOnlyList<string> Schemes)
{
    private static readonly string[] s_supportedSchemes = [Uri.UriSchemeHttp, Uri.UriSchemeHttps];

    /// <summary>
    /// Parses <paramref name="uri"/>; false when it names a real address to be used as it is.
    /// </summary>
    public static bool TryParse(Uri uri, [NotNullWhen(true)] out ServiceEndpointQuery? query)
    {
        query = null;
        if (!uri.IsAbsoluteUri || !TryParseSchemes(uri.Scheme, out var schemes))
        {
            return false;
        }

        var host = uri.Host;
        string? endpointName = null;
        if (host.StartsWith('_') && host.IndexOf('.') is var dot and > 1)
        {
            endpointName = host[1..dot];
            host = host[(dot + 1)..];
        }

        if (IsRealAddress(host))
        {
            return false;
        }

        query = new ServiceEndpointQuery(host, endpointName, schemes);
        return true;
    }

    /// <summary>
    /// The scheme to use when a real address comes with a composite scheme such as <c>https+http</c>.
    /// </summary>
    public static string PreferredScheme(string scheme) =>
        TryParseSchemes(scheme, out var schemes) ? schemes[0] : scheme;

    /// <summary>The environment variables, any one of which would have answered this query.</summary>
    public string MissingVariablesHint(string sectionName)
    {
        IEnumerable<string> names = EndpointName is null ? Schemes : [EndpointName];
        return string.Join(" or ", names.Select(name => $"{sectionName}__{ServiceName}__{name}__0"));
    }

    /// <summary>A cache key equal for equal queries (records compare lists by reference).</summary>
    public string CacheKey => $"{ServiceName}|{EndpointName}|{string.Join('+', Schemes)}";

    private static bool TryParseSchemes(string scheme, out string[] schemes)
    {
        schemes = scheme.Split('+', StringSplitOptions.RemoveEmptyEntries);
        return schemes.Length > 0
            && schemes.All(part => s_supportedSchemes.Contains(part, StringComparer.OrdinalIgnoreCase));
    }

    private static bool IsRealAddress(string host) =>
        host.Length == 0
        || host.Contains('.')
        || host.Contains(':')
        || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(host, out _);
}
