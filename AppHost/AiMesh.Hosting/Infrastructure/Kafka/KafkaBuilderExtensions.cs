using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Infrastructure.Kafka;

namespace AiMesh.Hosting;

public static class KafkaBuilderExtensions
{
    /// <summary>
    /// Adds Kafka. Without <c>ConnectionStrings:{name}</c> configured, the AppHost runs its dev broker
    /// (in-memory, not durable); with it, that cluster is used and nothing starts.
    /// </summary>
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resource = new KafkaServerResource(name);
        return builder.AddResource(resource)
            .WithAnnotation(new ResourceNoteAnnotation(string.Format(System.Globalization.CultureInfo.InvariantCulture, KafkaServerResource.DevBrokerNote, name)));
    }

    /// <summary>A topic created before anyone uses it, with a fixed partition count.</summary>
    public static IResourceBuilder<KafkaServerResource> WithTopic(this IResourceBuilder<KafkaServerResource> builder, string topic, int partitions = 4)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        if (topic.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) || topic.Length > 249)
        {
            throw new ArgumentException($"'{topic}' is not a valid Kafka topic name.", nameof(topic));
        }

        return builder.WithAnnotation(new KafkaTopicAnnotation(topic, partitions));
    }

    /// <summary>How many brokers the dev broker's cluster has (default 3).</summary>
    public static IResourceBuilder<KafkaServerResource> WithBrokers(this IResourceBuilder<KafkaServerResource> builder, int brokers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        builder.Resource.Brokers = brokers;
        return builder;
    }
}
