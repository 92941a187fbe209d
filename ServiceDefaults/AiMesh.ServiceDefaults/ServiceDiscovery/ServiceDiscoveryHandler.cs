using System.Diagnostics;
using System.Net.Sockets;

namespace AiMesh.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Our stand-in for Microsoft.Extensions.ServiceDiscovery's HTTP handler (not in the project's registry).
/// Rewrites <c>http://ai/path</c> to one replica from configuration per request, round-robin, so load is
/// spread per request rather than per connection. A replica that refuses the connection (nothing listens:
/// it is restarting or gone) cannot have seen the request, so the next replica is tried within the same
/// request and the refusing one cools down. Any other failure is left to the resilience handler outside.
/// </summary>
internal sealed class ServiceDiscoveryHandler(ServiceEndpointResolver resolver) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var logicalUri = request.RequestUri;
        if (logicalUri is null || !logicalUri.IsAbsoluteUri)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!ServiceEndpointQuery.TryParse(logicalUri, out var query))
        {
            return await SendToRealAddressAsync(request, logicalUri, cancellationToken).ConfigureAwait(false);
        }

        var endpoints = resolver.Resolve(query);
        var index = endpoints.SelectFirst();
        var headersBefore = endpoints.Count > 1 ? PropagationHeaders.Present(request) : null;
        bool[]? tried = null;
        try
        {
            while (true)
            {
                request.RequestUri = Rewrite(logicalUri, endpoints[index]);
                try
                {
                    return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException exception) when (IsConnectionRefused(exception) && !cancellationToken.IsCancellationRequested)
                {
                    endpoints.MarkFailed(index);
                    tried ??= new bool[endpoints.Count];
                    tried[index] = true;
                    index = endpoints.SelectNext(index, tried);
                    if (index < 0)
                    {
                        throw;
                    }

                    // Handlers below may have stamped trace context for the failed attempt.
                    PropagationHeaders.RemoveAddedSince(request, headersBefore);
                }
            }
        }
        finally
        {
            // Leave the logical address on the message, so whoever re-sends it is discovered again.
            request.RequestUri = logicalUri;
        }
    }

    private async Task<HttpResponseMessage> SendToRealAddressAsync(HttpRequestMessage request, Uri uri, CancellationToken cancellationToken)
    {
        var scheme = ServiceEndpointQuery.PreferredScheme(uri.Scheme);
        if (scheme == uri.Scheme)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        request.RequestUri = new UriBuilder(uri) { Scheme = scheme, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.RequestUri = uri;
        }
    }

    private static Uri Rewrite(Uri logicalUri, Uri endpoint) =>
        new UriBuilder(logicalUri)
        {
            Scheme = endpoint.Scheme,
            Host = endpoint.Host,
            Port = endpoint.IsDefaultPort ? -1 : endpoint.Port,
        }.Uri;

    private static bool IsConnectionRefused(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The trace context headers (traceparent, tracestate, baggage…) of the current propagator.</summary>
    private static class PropagationHeaders
    {
        public static HashSet<string> Present(HttpRequestMessage request) =>
            [.. DistributedContextPropagator.Current.Fields.Where(request.Headers.Contains)];

        public static void RemoveAddedSince(HttpRequestMessage request, HashSet<string>? before)
        {
            foreach (var field in DistributedContextPropagator.Current.Fields)
            {
                if (before is null || !before.Contains(field))
                {
                    request.Headers.Remove(field);
                }
            }
        }
    }
}
