using AiMesh.AppHost.Hosting;
using AiMesh.AppHost.Hosting.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

public static class LocalRedisBuilderExtensions
{
    private const string RedisServerPath = "/usr/bin/redis-server";

    /// <summary>
    /// Adds Redis under <paramref name="name"/>: Debian's redis-server as a local process in run mode,
    /// Aspire's Redis container when publishing (or with <c>AppHost:UseContainers</c>), or the configured
    /// <c>ConnectionStrings:{name}</c> when there is one. The connection string has Aspire's Redis format
    /// in every case, and the generated password is the parameter <c>{name}-password</c>, as with Aspire.
    /// </summary>
    /// <example>
    /// <code>
    /// var redis = builder.AddRedisServer("redis");
    /// builder.AddProject&lt;Projects.Api&gt;("api").WithReference(redis).WaitFor(redis);
    /// </code>
    /// </example>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        return builder.InfrastructureSourceFor(name) switch
        {
            InfrastructureSource.Container => builder.AddRedis(name),
            InfrastructureSource.ExistingServer => builder.AddConnectionString(name),
            _ => builder.AddLocalRedisServer(name),
        };
    }

    private static IResourceBuilder<RedisServerResource> AddLocalRedisServer(this IDistributedApplicationBuilder builder, string name)
    {
        // The same generator settings as Aspire's Redis: no special characters, which would need escaping
        // in the connection string.
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var redis = new RedisServerResource(name, password, RedisServerPath, AppHostStateDirectory.For(builder, name));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey, _ => new RedisPingHealthCheck(redis), failureStatus: null, tags: null));

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (_, cancellationToken) =>
        {
            if (!File.Exists(RedisServerPath))
            {
                throw new DistributedApplicationException($"{RedisServerPath} is missing: run eng/install-prerequisites.sh, or apt-get install redis-server.");
            }

            await RedisConfigurationFile.WriteAsync(redis, cancellationToken).ConfigureAwait(false);
        });

        return builder.AddResource(redis)
            // Not proxied: the port is the server's own, picked once per run and kept across restarts.
            .WithEndpoint(name: RedisServerResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add(redis.ConfigurationFile);
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithIconName("Memory")
            .WithHealthCheck(healthCheckKey);
    }
}
