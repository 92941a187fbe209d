using Microsoft.Extensions.DependencyInjection;

using AiMesh.AppHost.Hosting.Readiness;

namespace Aspire.Hosting;

public static class ReadinessExtensions
{
    /// <summary>Prints "AiMesh is ready." and the URLs to open once every resource is healthy (run mode).</summary>
    public static IDistributedApplicationBuilder AnnounceWhenReady(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Services.AddHostedService<ReadinessAnnouncer>();
        }

        return builder;
    }
}
