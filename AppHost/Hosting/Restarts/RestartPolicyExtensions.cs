using Microsoft.Extensions.DependencyInjection;

using AiMesh.AppHost.Hosting.Restarts;

namespace Aspire.Hosting;

public static class RestartPolicyExtensions
{
    /// <summary>
    /// Restarts processes that exit unexpectedly, with backoff (<see cref="RestartPolicyOptions"/>).
    /// Run mode only: a deployment's platform restarts its own containers.
    /// </summary>
    public static IDistributedApplicationBuilder AddRestartPolicy(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Services.AddOptions<RestartPolicyOptions>().BindConfiguration(RestartPolicyOptions.SectionName);
            builder.Services.AddHostedService<RestartPolicy>();
        }

        return builder;
    }
}
