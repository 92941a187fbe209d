using AiMesh.Hosting.ApplicationModel;

namespace AiMesh.Hosting.Infrastructure.Kafka;

/// <summary>A topic the AppHost creates up front, so consumers never race its auto-creation.</summary>
public sealed class KafkaTopicAnnotation(string name, int partitions) : IResourceAnnotation
{
    public string Name { get; } = name;

    public int Partitions { get; } = partitions;
}
