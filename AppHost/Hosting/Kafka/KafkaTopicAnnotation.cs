namespace AiMesh.AppHost.Hosting.Kafka;

/// <summary>A topic the application needs, declared in the model so the dev broker can create it up front.</summary>
public sealed record KafkaTopicAnnotation(string Name, int Partitions) : IResourceAnnotation;
