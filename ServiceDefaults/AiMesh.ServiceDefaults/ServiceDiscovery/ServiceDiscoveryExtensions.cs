using AiMesh.ServiceDefaults.ServiceDiscovery;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Service discovery from configuration, with the names Microsoft.Extensions.ServiceDiscovery uses.
/// </summary>
public static class ServiceDiscoveryExtensions
{
    /// <summary>
    /// Registers the resolver that maps <c>http://ai</c> to the replicas in <c>services:ai:http:0..N</c>.
    /// </summary>
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services, Action<ServiceDiscoveryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ServiceDiscoveryOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<ServiceEndpointResolver>();
        return services;
    }

    /// <summary>
    /// Sends this client's requests for <c>http://{service}</c> (or <c>https+http://{service}</c>) to one
    /// of the service's replicas, round-robin per request. Add it after (inside) the resilience handler.
    /// </summary>
    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddServiceDiscovery();
        builder.AddHttpMessageHandler(services => new ServiceDiscoveryHandler(services.GetRequiredService<ServiceEndpointResolver>()));
        return builder;
    }
}
