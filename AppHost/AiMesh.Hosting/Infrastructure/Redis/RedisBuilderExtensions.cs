using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Infrastructure.Redis;

namespace AiMesh.Hosting;

public static class RedisBuilderExtensions
{
    /// <summary>
    /// Adds Redis: locally Debian's redis-server on a loopback port, with <paramref name="password"/> or a
    /// generated <c>{name}-password</c>.
    /// </summary>
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? password = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ResourceNames.ThrowIfInvalid(name);
        var passwordParameter = password?.Resource ?? builder.CreateGeneratedPassword(name);
        return builder.AddResource(new RedisResource(name, passwordParameter))
            .WithEndpoint(RedisResource.EndpointName, "tcp", port);
    }
}
