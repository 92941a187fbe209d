using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Infrastructure.Kafka;
using AiMesh.Hosting.Infrastructure.Postgres;
using AiMesh.Hosting.Infrastructure.Redis;

namespace AiMesh.Hosting.Publishing;

/// <summary>
/// The containers Aspire's own integrations deploy for the infrastructure AiMesh runs locally as processes,
/// configured as Aspire configures them, so a deployed service gets the connection string it gets from Aspire.
/// </summary>
internal static class InfrastructureContainers
{
    public const string KafkaImage = "docker.io/confluentinc/confluent-local:7.9.0";

    public const string RedisImage = "docker.io/library/redis:7.4";

    public const string PostgresImage = "docker.io/library/postgres:17.6";

    public static ContainerSpec? For(IResource resource) => resource switch
    {
        KafkaServerResource kafka => Kafka(kafka),
        RedisResource redis => Redis(redis),
        PostgresServerResource postgres => Postgres(postgres),
        _ => null,
    };

    // confluent-local is a single KRaft broker, so the dev broker's cluster size has no counterpart. The
    // topics (KafkaTopicAnnotation) are not part of Aspire's manifest schema either: a deployment must create
    // them, with their partition counts, before the services start.
    private static ContainerSpec Kafka(KafkaServerResource kafka) => new(KafkaImage, kafka.ConnectionStringExpression)
    {
        Bindings = [ManifestBinding.Tcp("tcp", 9092)],
    };

    // The password goes through the environment rather than the command line: deployment tools store
    // environment values that refer to secret parameters as secrets, and argument lists in the clear.
    // exec makes redis-server PID 1, so it receives the container's stop signal instead of the shell.
    private static ContainerSpec Redis(RedisResource redis) => new(RedisImage, redis.ConnectionStringExpression)
    {
        Entrypoint = "/bin/sh",
        Args = ["-c", "exec redis-server --requirepass \"$REDIS_PASSWORD\""],
        Environment = [new("REDIS_PASSWORD", redis.Password)],
        Bindings = [ManifestBinding.Tcp(RedisResource.EndpointName, 6379)],
    };

    // The databases (AddDatabase) are value.v0 entries, as in Aspire: the server container does not create
    // them, so a deployment creates them the way the AppHost does locally.
    private static ContainerSpec Postgres(PostgresServerResource postgres) => new(PostgresImage, postgres.ConnectionStringExpression)
    {
        Environment =
        [
            new("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256"),
            new("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=scram-sha-256"),
            new("POSTGRES_USER", postgres.UserNameValue),
            new("POSTGRES_PASSWORD", postgres.Password),
        ],
        Bindings = [ManifestBinding.Tcp(PostgresServerResource.EndpointName, 5432)],
    };
}
