using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ServiceDiscovery;

namespace AiMesh.Web.Tests.TestSupport;

/// <summary>The real service discovery resolver over in-memory configuration, as AddServiceDefaults registers it.</summary>
internal static class ServiceDiscovery
{
    public static ServiceEndpointResolver Resolver(Dictionary<string, string?> settings, Action<ConfigurationServiceEndpointProviderOptions>? configure = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddServiceDiscovery();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services.BuildServiceProvider().GetRequiredService<ServiceEndpointResolver>();
    }
}
