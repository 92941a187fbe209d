namespace AiMesh.DevBroker.Forwarding;

/// <summary>One partition of a topic, by the topic's name: what a produce writes to and a fetch reads from.</summary>
internal readonly record struct TopicPartition(string Topic, int Partition);
