using Microsoft.Extensions.Configuration;

namespace AiMesh.AppHost.Hosting;

public static class InfrastructureSourceExtensions
{
    /// <summary>Setting that makes run mode use Aspire's containers instead of local processes (needs Docker).</summary>
    public const string UseContainersKey = "AppHost:UseContainers";

    /// <summary>
    /// Decides how the resource called <paramref name="name"/> is provided. Publishing always describes
    /// Aspire's containers, so that azd deploys real servers whatever this machine has.
    /// </summary>
    public static InfrastructureSource InfrastructureSourceFor(this IDistributedApplicationBuilder builder, string name)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureSource.Container;
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
        {
            return InfrastructureSource.ExistingServer;
        }

        return builder.Configuration.GetValue<bool>(UseContainersKey) ? InfrastructureSource.Container : InfrastructureSource.LocalProcess;
    }
}
