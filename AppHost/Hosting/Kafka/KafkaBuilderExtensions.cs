using System.Globalization;
using AiMesh.AppHost.Hosting;
using AiMesh.AppHost.Hosting.Projects;

using AiMesh.AppHost.Hosting.Kafka;

namespace Aspire.Hosting;

/// <summary>
/// Kafka in the model, shaped like Aspire.Hosting.Kafka's <c>AddKafka</c> (which the registry does
/// not serve): the dev broker on this machine, Confluent's container when publishing or with
/// <c>AppHost:UseContainers</c>, or an existing cluster from <c>ConnectionStrings:{name}</c>.
/// </summary>
public static class KafkaBuilderExtensions
{
    private const string ContainerImage = "confluentinc/confluent-local";
    private const string ContainerTag = "7.9.1";
    private const int ContainerBrokerPort = 9092;
    private const int ContainerInternalBrokerPort = 9093;

    public static IResourceBuilder<IResourceWithConnectionString> AddKafka(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.InfrastructureSourceFor(name) switch
        {
            InfrastructureSource.ExistingServer => builder.AddConnectionString(name),
            InfrastructureSource.Container => builder.AddKafkaContainer(name),
            _ => builder.AddDevBroker(name),
        };

    /// <summary>
    /// Declares a topic. The dev broker creates it before anything connects; a Kafka container
    /// creates topics on first use, and an existing cluster must have it or allow auto-creation.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithTopic(
        this IResourceBuilder<IResourceWithConnectionString> builder, string name, int partitions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        return builder.WithAnnotation(new KafkaTopicAnnotation(name, partitions));
    }

    private static IResourceBuilder<DevBrokerResource> AddDevBroker(this IDistributedApplicationBuilder builder, string name)
    {
        var assembly = ProjectOutput.AssemblyPath(new global::Projects.AiMesh_DevBroker());
        var broker = new DevBrokerResource(name, "dotnet", Path.GetDirectoryName(assembly)!);

        var resource = builder.AddResource(broker)
            .WithHttpEndpoint(name: DevBrokerResource.ControlEndpointName, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add(assembly);
                for (var id = 1; id <= DevBrokerResource.BrokerCount; id++)
                {
                    context.Args.Add("--port");
                    context.Args.Add(broker.BrokerEndpoint(id).Property(EndpointProperty.TargetPort));
                }

                context.Args.Add("--control-port");
                context.Args.Add(broker.ControlEndpoint.Property(EndpointProperty.TargetPort));
                foreach (var topic in broker.Annotations.OfType<KafkaTopicAnnotation>())
                {
                    context.Args.Add("--topic");
                    context.Args.Add(string.Create(CultureInfo.InvariantCulture, $"{topic.Name}:{topic.Partitions}"));
                }
            })
            // The broker's forwarding only copies bytes: its socket completions run where they complete,
            // not on a woken thread-pool thread (see the broker's SocketTransportOptions).
            .WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1")
            .WithHttpHealthCheck("/health", endpointName: DevBrokerResource.ControlEndpointName)
            .WithIconName("ArrowSwap")
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "DevBroker",
                State = KnownResourceStates.NotStarted,
                Properties =
                [
                    new("kafka.durable", "false"),
                    new("kafka.note", "In-memory mock cluster: about 5 MiB kept per partition; a restart loses every message and offset."),
                ],
            });

        // Unproxied and allocated once per AppHost run, so a restarted broker comes back at the
        // addresses every client already has.
        for (var id = 1; id <= DevBrokerResource.BrokerCount; id++)
        {
            resource.WithEndpoint(name: DevBrokerResource.BrokerEndpointName(id), scheme: "tcp", isProxied: false);
        }

        return resource;
    }

    private static IResourceBuilder<KafkaServerResource> AddKafkaContainer(this IDistributedApplicationBuilder builder, string name)
    {
        var kafka = new KafkaServerResource(name);
        return builder.AddResource(kafka)
            .WithImage(ContainerImage, ContainerTag)
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: ContainerBrokerPort, name: KafkaServerResource.PrimaryEndpointName, scheme: "tcp")
            .WithEndpoint(targetPort: ContainerInternalBrokerPort, name: KafkaServerResource.InternalEndpointName, scheme: "tcp")
            .WithEnvironment(context =>
            {
                var primary = kafka.PrimaryEndpoint;
                var internalEndpoint = new EndpointReference(kafka, KafkaServerResource.InternalEndpointName);
                context.EnvironmentVariables["KAFKA_LISTENERS"] =
                    "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092,PLAINTEXT_INTERNAL://0.0.0.0:9093";
                context.EnvironmentVariables["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] =
                    "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT";
                // Clients outside the container reach it at the endpoint's host and port; containers
                // beside it at its name and the internal port.
                context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"] = ReferenceExpression.Create(
                    $"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://{primary.Property(EndpointProperty.Host)}:{primary.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{kafka.Name}:{internalEndpoint.Property(EndpointProperty.TargetPort)}");
            });
    }
}
