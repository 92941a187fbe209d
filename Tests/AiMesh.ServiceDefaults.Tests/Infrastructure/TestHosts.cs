using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AiMesh.ServiceDefaults.Tests.Infrastructure;

internal static class TestHosts
{
    /// <summary>
    /// A host builder that reads nothing from the machine (no environment variables, no appsettings):
    /// only <paramref name="configuration"/>.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(IDictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
            ApplicationName = "AiMesh.ServiceDefaults.Tests",
        });

        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        return builder;
    }
}
