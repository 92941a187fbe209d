using AiMesh.ServiceDefaults.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Health checks and the endpoints that expose them.
/// </summary>
public static class HealthCheckExtensions
{
    /// <summary>
    /// Adds the <c>self</c> check (tagged <c>live</c>) that is healthy whenever the process can answer.
    /// </summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddHealthCheck(new HealthCheckRegistration(
            HealthEndpoints.SelfCheckName,
            _ => SelfHealthCheck.Instance,
            failureStatus: null,
            tags: [HealthEndpoints.LiveTag]));

        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> and <c>/alive</c> on any endpoint route builder. Most services call
    /// <see cref="Extensions.MapDefaultEndpoints"/> instead.
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapHealthChecks(HealthEndpoints.HealthPath);
        endpoints.MapHealthChecks(HealthEndpoints.AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(HealthEndpoints.LiveTag),
        });

        return endpoints;
    }

    /// <summary>
    /// Registers a check unless one with the same name exists: two clients on one connection name
    /// (say a producer of two message types) share one check instead of failing on a duplicate name.
    /// </summary>
    internal static IServiceCollection TryAddHealthCheck(this IServiceCollection services, HealthCheckRegistration registration)
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

    private sealed class SelfHealthCheck : IHealthCheck
    {
        public static readonly SelfHealthCheck Instance = new();

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy());
    }
}
