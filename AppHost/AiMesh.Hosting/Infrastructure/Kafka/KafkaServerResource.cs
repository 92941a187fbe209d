using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Infrastructure.Kafka;

/// <summary>
/// A Kafka cluster. Locally it is AiMesh's dev broker (librdkafka's in-memory mock cluster), whose
/// ports are chosen by librdkafka at start, so the bootstrap list is only known once it runs.
/// </summary>
public sealed class KafkaServerResource(string name) : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public const string DevBrokerNote =
        "Dev broker: librdkafka's in-memory mock cluster. NOT durable: every message is lost when it stops; " +
        "retention is bounded (about 5 MiB a partition). For development and tests; configure ConnectionStrings:{0} for a real Kafka.";

    public LateBoundValue BootstrapServers { get; } = new($"{{{name}.bindings.tcp.host}}:{{{name}.bindings.tcp.port}}");

    public int Brokers { get; internal set; } = 3;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{BootstrapServers}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        var connectionString = this.GetConnectionStringExpression();
        var first = new DerivedValue(connectionString, list => list.Split(',')[0].Trim(), $"{{{Name}.bindings.tcp.host}}:{{{Name}.bindings.tcp.port}}");
        yield return new("HOST", ReferenceExpression.Create($"{new DerivedValue(first, HostOf, $"{{{Name}.bindings.tcp.host}}")}"));
        yield return new("PORT", ReferenceExpression.Create($"{new DerivedValue(first, PortOf, $"{{{Name}.bindings.tcp.port}}")}"));
    }

    private static string HostOf(string hostPort) => hostPort[..hostPort.LastIndexOf(':')];

    private static string PortOf(string hostPort) => hostPort[(hostPort.LastIndexOf(':') + 1)..];
}
