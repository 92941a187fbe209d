using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiMesh.ServiceDefaults.Health;

/// <summary>Adding a check once per name, for integrations that may be registered more than once.</summary>
internal static class HealthCheckRegistrations
{
    /// <summary>
    /// Registers a check unless one with the same name exists: two clients on one connection name
    /// (say a producer of two message types) share one check instead of failing on a duplicate name.
    /// </summary>
    public static IServiceCollection TryAddHealthCheck(this IServiceCollection services, HealthCheckRegistration registration)
    {
        services.AddHealthChecks();
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            if (!options.Registrations.Any(existing => existing.Name == registration.Name))
            {
                options.Registrations.Add(registration);
            }
        });

        return services;
    }
}
