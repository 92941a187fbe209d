namespace AiMesh.AppHost.Hosting.Kafka;

/// <summary>
/// Kafka for development on a machine without a container runtime: librdkafka's in-memory mock
/// cluster hosted by AiMesh.DevBroker, three brokers on fixed loopback ports that stay the same for
/// the AppHost's lifetime, so clients find a restarted broker again (its data is gone).
/// </summary>
public sealed class DevBrokerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const int BrokerCount = 3;
    internal const string ControlEndpointName = "control";

    internal static string BrokerEndpointName(int brokerId) => $"broker{brokerId}";

    /// <summary>Broker <paramref name="brokerId"/>'s listener (1 to <see cref="BrokerCount"/>).</summary>
    public EndpointReference BrokerEndpoint(int brokerId) => new(this, BrokerEndpointName(brokerId));

    /// <summary>The broker's control surface (health, status, fault injection) over HTTP.</summary>
    public EndpointReference ControlEndpoint => new(this, ControlEndpointName);

    /// <summary>
    /// Kafka's bootstrap list, <c>host:port</c> per broker, as Aspire's Kafka resource gives it. The
    /// brokers listen on IPv4 loopback only, so the address is spelled out rather than "localhost",
    /// which clients may try as ::1 first.
    /// </summary>
    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var builder = new ReferenceExpressionBuilder();
            for (var id = 1; id <= BrokerCount; id++)
            {
                builder.AppendLiteral(id == 1 ? "127.0.0.1:" : ",127.0.0.1:");
                builder.Append($"{BrokerEndpoint(id).Property(EndpointProperty.Port)}");
            }

            return builder.Build();
        }
    }
}
