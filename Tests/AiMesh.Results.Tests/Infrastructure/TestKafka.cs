using AiMesh.Contracts;
using AiMesh.Tests.Kafka;

namespace AiMesh.Results.Tests.Infrastructure;

/// <summary>A mock cluster per test: it costs milliseconds, and no test's messages reach another's app.</summary>
internal static class TestKafka
{
    /// <summary>How many partitions each topic has.</summary>
    public const int Partitions = 4;

    public static async Task<KafkaMockCluster> StartAsync()
    {
        var cluster = new KafkaMockCluster();
        await cluster.InitializeAsync();
        cluster.CreateTopic(Topics.Results, Partitions);
        cluster.CreateTopic(Topics.Answers, Partitions);
        return cluster;
    }
}
