namespace AiMesh.DevBroker.Control;

/// <summary>The body of <c>GET /status</c>: the cluster as clients see it, and that it is not durable.</summary>
public sealed record StatusResponse(
    string BootstrapServers,
    IReadOnlyList<StatusResponse.Broker> Brokers,
    IReadOnlyList<StatusResponse.Topic> Topics,
    bool Durable,
    long RetentionBytesPerPartition,
    string Note)
{
    public sealed record Broker(int Id, int Port, bool Up, int RttMs);

    public sealed record Topic(string Name, int Partitions);
}
