namespace AiMesh.ServiceDefaults.Kafka.DeadLetters;

/// <summary>Where a topic's dead letters go: the topic's name with <see cref="Suffix"/>.</summary>
public static class DeadLetterTopic
{
    public const string Suffix = ".dlq";

    /// <summary>The dead-letter topic of <paramref name="topic"/>, e.g. <c>data-topic.dlq</c>.</summary>
    public static string For(string topic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        return topic + Suffix;
    }
}
