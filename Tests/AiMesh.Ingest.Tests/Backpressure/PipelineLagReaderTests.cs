using AiMesh.Contracts;
using AiMesh.Ingest.Backpressure;
using AiMesh.Ingest.Tests.Infrastructure;
using AiMesh.Tests.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiMesh.Ingest.Tests.Backpressure;

/// <summary>The lag as the reader sees it on a mock cluster of its own, with the pipeline's topics made up front.</summary>
public sealed class PipelineLagReaderTests : IAsyncLifetime
{
    private const int Partitions = 4;

    private static readonly IReadOnlyList<PipelineStage> s_stages = PipelineStage.All(new BackpressureOptions());

    private readonly KafkaMockCluster _kafka = new();
    private PipelineTopics _topics = null!;

    public async ValueTask InitializeAsync()
    {
        await _kafka.InitializeAsync();
        _kafka.CreateTopic(Topics.Data, Partitions);
        _kafka.CreateTopic(Topics.Results, Partitions);
        _topics = new PipelineTopics(_kafka.BootstrapServers);
    }

    public async ValueTask DisposeAsync()
    {
        _topics.Dispose();
        await _kafka.DisposeAsync();
    }

    [Fact]
    public async Task AGroupThatHasCommittedNothingLagsByEveryMessageOnItsTopic()
    {
        _topics.Produce(Topics.Data, Partitions, perPartition: 5);
        _topics.Produce(Topics.Results, Partitions, perPartition: 2);

        var reading = await ReadAsync(_kafka.BootstrapServers);

        Assert.Equal([PipelineStage.InferenceName, PipelineStage.ResultsName], reading.Stages.Select(stage => stage.Stage.Name));
        Assert.Equal([20L, 8L], reading.Stages.Select(stage => stage.Lag));
        Assert.Equal([Partitions, Partitions], reading.Stages.Select(stage => stage.Partitions));
        Assert.Equal(28, reading.Total);
    }

    [Fact]
    public async Task ACommittedOffsetLeavesOnlyTheMessagesAfterItInTheLag()
    {
        _topics.Produce(Topics.Data, Partitions, perPartition: 5);
        _topics.Commit(ConsumerGroups.Inference, Topics.Data, partition: 0, offset: 3);
        _topics.Commit(ConsumerGroups.Inference, Topics.Data, partition: 1, offset: 5);

        var reading = await ReadAsync(_kafka.BootstrapServers);

        // Partition 0: 2 left; partition 1: none; partitions 2 and 3, never committed: 5 each.
        Assert.Equal(12, reading.Stages.Single(stage => stage.Stage.Name == PipelineStage.InferenceName).Lag);
    }

    [Fact]
    public async Task AGroupThatHasCaughtUpDoesNotLag()
    {
        _topics.Produce(Topics.Data, Partitions, perPartition: 5);
        _topics.Produce(Topics.Results, Partitions, perPartition: 5);
        _topics.CommitToEnd(ConsumerGroups.Inference, Topics.Data, Partitions);
        _topics.CommitToEnd(ConsumerGroups.Results, Topics.Results, Partitions);

        var reading = await ReadAsync(_kafka.BootstrapServers);

        Assert.Equal(0, reading.Total);
    }

    [Fact]
    public async Task AnotherGroupsCommitsDoNotCount()
    {
        _topics.Produce(Topics.Data, Partitions, perPartition: 5);
        _topics.CommitToEnd("someone-else", Topics.Data, Partitions);

        var reading = await ReadAsync(_kafka.BootstrapServers);

        Assert.Equal(20, reading.Total);
    }

    [Fact]
    public async Task ATopicThatDoesNotExistYetHasNothingWaitingAndIsNotCreated()
    {
        await using var kafka = new KafkaMockCluster();
        await kafka.InitializeAsync();
        kafka.CreateTopic(Topics.Data, Partitions);

        var reading = await ReadAsync(kafka.BootstrapServers);

        var results = reading.Stages.Single(stage => stage.Stage.Name == PipelineStage.ResultsName);
        Assert.Equal(0, results.Partitions);
        Assert.Equal(0, results.Lag);
        Assert.Equal(0, (await ReadAsync(kafka.BootstrapServers)).Stages.Single(stage => stage.Stage.Name == PipelineStage.ResultsName).Partitions);
    }

    [Fact]
    public async Task AClusterThatCannotBeReachedMakesTheLagUnreadable()
    {
        var failure = await Assert.ThrowsAsync<PipelineLagUnreadableException>(() => ReadAsync($"127.0.0.1:{Ports.Closed()}"));

        Assert.Contains("no metadata", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartitionWithoutALeaderMakesTheLagUnreadable()
    {
        _kafka.SetPartitionLeader(Topics.Results, 0, -1);
        try
        {
            var failure = await Assert.ThrowsAsync<PipelineLagUnreadableException>(() => ReadAsync(_kafka.BootstrapServers));

            Assert.Contains(Topics.Results, failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            _kafka.SetPartitionLeader(Topics.Results, 0, 1);
        }
    }

    private static async Task<PipelineLagReading> ReadAsync(string bootstrapServers)
    {
        using var client = new ProducerBuilder<Null, Null>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        using var reader = new PipelineLagReader(client, bootstrapServers, TimeProvider.System, NullLogger<PipelineLagReader>.Instance);
        return await reader.ReadAsync(s_stages).DefaultTimeout();
    }
}
