using AiMesh.Contracts;
using AiMesh.Tests.Kafka;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>A mock cluster per test: it costs milliseconds, and no test's messages reach another's app.</summary>
internal static class TestKafka
{
    public static async Task<KafkaMockCluster> StartAsync()
    {
        var cluster = new KafkaMockCluster();
        await cluster.InitializeAsync();
        cluster.CreateTopic(Topics.Results);
        return cluster;
    }
}
