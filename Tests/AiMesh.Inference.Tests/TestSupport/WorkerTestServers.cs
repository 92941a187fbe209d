using AiMesh.Tests.Kafka;

namespace AiMesh.Inference.Tests.TestSupport;

/// <summary>
/// What a test of the whole service runs against, fresh for each test: a mock Kafka cluster of its own
/// (consumer groups and committed offsets start empty) and a fake Ai replica (<c>ai-fake</c>).
/// </summary>
internal sealed class WorkerTestServers : IAsyncDisposable
{
    private WorkerTestServers(KafkaMockCluster kafka, FakeAiServer ai)
    {
        Kafka = kafka;
        Ai = ai;
    }

    public KafkaMockCluster Kafka { get; }

    public FakeAiServer Ai { get; }

    public static async Task<WorkerTestServers> StartAsync()
    {
        var kafka = new KafkaMockCluster();
        try
        {
            await kafka.InitializeAsync();
            return new WorkerTestServers(kafka, await FakeAiServer.StartAsync("ai-fake"));
        }
        catch
        {
            await kafka.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Ai.DisposeAsync();
        await Kafka.DisposeAsync();
    }
}
