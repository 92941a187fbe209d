namespace AiMesh.ServiceDefaults.Resilience;

/// <summary>
/// A copy of a request taken before the first attempt, from which each attempt gets a fresh
/// <see cref="HttpRequestMessage"/>: a message's content may be a one-shot stream, and handlers below
/// stamp per-attempt headers (trace context) and rewrite the URI (service discovery).
/// </summary>
internal sealed class RequestMessageSnapshot
{
    private readonly HttpMethod _method;
    private readonly Uri? _requestUri;
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;
    private readonly KeyValuePair<string, string[]>[] _headers;
    private readonly KeyValuePair<string, object?>[] _options;
    private readonly byte[]? _content;
    private readonly KeyValuePair<string, string[]>[] _contentHeaders;

    private RequestMessageSnapshot(HttpRequestMessage request, byte[]? content)
    {
        _method = request.Method;
        _requestUri = request.RequestUri;
        _version = request.Version;
        _versionPolicy = request.VersionPolicy;
        _headers = [.. request.Headers.Select(header => KeyValuePair.Create(header.Key, header.Value.ToArray()))];
        _options = [.. request.Options];
        _content = content;
        _contentHeaders = request.Content is null
            ? []
            : [.. request.Content.Headers
                .Where(header => !string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(header => KeyValuePair.Create(header.Key, header.Value.ToArray()))];
    }

    /// <summary>Reads the request's content into memory (once) and records the rest.</summary>
    public static async Task<RequestMessageSnapshot> CreateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = request.Content is null
            ? null
            : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new RequestMessageSnapshot(request, content);
    }

    public HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(_method, _requestUri)
        {
            Version = _version,
            VersionPolicy = _versionPolicy,
        };

        foreach (var (name, values) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }

        foreach (var (key, value) in _options)
        {
            request.Options.Set(new HttpRequestOptionsKey<object?>(key), value);
        }

        if (_content is not null)
        {
            request.Content = new ByteArrayContent(_content);
            foreach (var (name, values) in _contentHeaders)
            {
                request.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return request;
    }
}
