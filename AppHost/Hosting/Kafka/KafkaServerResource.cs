namespace AiMesh.AppHost.Hosting.Kafka;

/// <summary>
/// Kafka as a container (Confluent's single-node KRaft image, the one Aspire's Kafka integration
/// uses): what the manifest describes for azd, and what run mode uses with <c>AppHost:UseContainers</c>.
/// </summary>
public sealed class KafkaServerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string InternalEndpointName = "internal";

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
