using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Infrastructure.Kafka;
using AiMesh.Hosting.Infrastructure.Postgres;
using AiMesh.Hosting.Infrastructure.Redis;

namespace AiMesh.Hosting.Orchestration.Lifecycles;

internal static class LifecycleFactory
{
    /// <summary>The lifecycle that runs <paramref name="resource"/>; null for resources with no runtime (parameters).</summary>
    public static ResourceLifecycle? Create(IResource resource) => resource switch
    {
        ParameterResource => null,
        ProjectResource project => new ProjectLifecycle(project),
        ExecutableResource executable => new ExecutableLifecycle(executable),
        KafkaServerResource kafka => new KafkaLifecycle(kafka),
        RedisResource redis => new RedisLifecycle(redis),
        PostgresServerResource server => new PostgresServerLifecycle(server),
        PostgresDatabaseResource database => new PostgresDatabaseLifecycle(database),
        _ => throw new DistributedApplicationException($"AiMesh does not know how to run '{resource.Name}', a {resource.GetType().Name}."),
    };
}
