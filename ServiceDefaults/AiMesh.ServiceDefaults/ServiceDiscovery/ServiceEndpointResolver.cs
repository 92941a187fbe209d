using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AiMesh.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Resolves a <see cref="ServiceEndpointQuery"/> to its replicas from configuration, following
/// Microsoft.Extensions.ServiceDiscovery's configuration provider:
/// <list type="bullet">
/// <item>section <c>services:{service}</c>; with an endpoint name, only <c>services:{service}:{name}</c>;
/// otherwise the first that exists of <c>default</c> and the request's schemes in order
/// (so <c>https+http</c> reads <c>https</c>, then <c>http</c>);</item>
/// <item>a single value or an indexed list (<c>:0</c>, <c>:1</c>… one entry per replica);</item>
/// <item>URIs keep only those with the most preferred scheme present; <c>host:port</c> values take the
/// request's preferred scheme.</item>
/// </list>
/// Results are cached and dropped whenever configuration reloads. HTTP clients use it through the
/// discovery handler; <see cref="GetEndpoints"/> serves connections that are not HTTP requests, such
/// as a WebSocket.
/// </summary>
public sealed class ServiceEndpointResolver : IDisposable
{
    private const string DefaultEndpointName = "default";

    private readonly IConfiguration _configuration;
    private readonly ServiceDiscoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ServiceEndpointSet> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly IDisposable _reloadRegistration;

    public ServiceEndpointResolver(IConfiguration configuration, IOptions<ServiceDiscoveryOptions> options, TimeProvider? time = null)
    {
        _configuration = configuration;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _reloadRegistration = ChangeToken.OnChange(_configuration.GetReloadToken, _cache.Clear);
    }

    public string SectionName => _options.SectionName;

    /// <summary>
    /// The replicas behind a logical address such as <c>http://results</c>, in configuration order; an
    /// address that names no service (an IP address, a dotted host name) is returned as it is. Throws
    /// when configuration has no endpoint for the service.
    /// </summary>
    public IReadOnlyList<Uri> GetEndpoints(Uri logicalUri)
    {
        ArgumentNullException.ThrowIfNull(logicalUri);
        if (!ServiceEndpointQuery.TryParse(logicalUri, out var query))
        {
            return [logicalUri];
        }

        var endpoints = Resolve(query);
        return [.. Enumerable.Range(0, endpoints.Count).Select(index => endpoints[index])];
    }

    /// <summary>The replicas for <paramref name="query"/>; throws when configuration has none.</summary>
    internal ServiceEndpointSet Resolve(ServiceEndpointQuery query)
    {
        if (_cache.TryGetValue(query.CacheKey, out var cached))
        {
            return cached;
        }

        var endpoints = ReadEndpoints(query);
        if (endpoints.Count == 0)
        {
            throw new InvalidOperationException(
                $"No endpoint is configured for service '{query.ServiceName}'. Set {query.MissingVariablesHint(_options.SectionName)} " +
                $"(configuration '{_options.SectionName}:{query.ServiceName}:<endpoint>:<index>'); the AppHost sets it for a " +
                "project that references the service with WithReference(...).");
        }

        return _cache.GetOrAdd(query.CacheKey, new ServiceEndpointSet(endpoints, _time, _options.FailedEndpointCooldown));
    }

    public void Dispose() => _reloadRegistration.Dispose();

    private List<Uri> ReadEndpoints(ServiceEndpointQuery query)
    {
        var service = _configuration.GetSection(_options.SectionName).GetSection(query.ServiceName);
        IEnumerable<string> candidates = query.EndpointName is { } name ? [name] : [DefaultEndpointName, .. query.Schemes];
        var section = candidates.Select(service.GetSection).FirstOrDefault(candidate => candidate.Exists());
        if (section is null)
        {
            return [];
        }

        IEnumerable<string?> values = !string.IsNullOrWhiteSpace(section.Value)
            ? [section.Value]
            : section.GetChildren()
                .OrderBy(child => int.TryParse(child.Key, out var index) ? index : int.MaxValue)
                .Select(child => child.Value);

        var preferredScheme = query.Schemes[0];
        var endpoints = values
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .Select(value => Parse(value!.Trim(), preferredScheme))
            .OfType<Uri>()
            .ToList();

        // Keep only the most preferred scheme present, so https+http never mixes https and http replicas.
        var ranked = endpoints.Select(uri => (uri, rank: IndexOf(query.Schemes, uri.Scheme))).Where(e => e.rank >= 0).ToList();
        if (ranked.Count == 0)
        {
            return [];
        }

        var best = ranked.Min(e => e.rank);
        return [.. ranked.Where(e => e.rank == best).Select(e => e.uri)];
    }

    private static Uri? Parse(string value, string preferredScheme)
    {
        var text = value.Contains("://", StringComparison.Ordinal) ? value : $"{preferredScheme}://{value}";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    private static int IndexOf(IReadOnlyList<string> schemes, string scheme)
    {
        for (var i = 0; i < schemes.Count; i++)
        {
            if (string.Equals(schemes[i], scheme, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
