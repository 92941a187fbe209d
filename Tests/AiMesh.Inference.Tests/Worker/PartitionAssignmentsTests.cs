using AiMesh.Contracts;
using AiMesh.Inference.Worker;
using Confluent.Kafka;

namespace AiMesh.Inference.Tests.Worker;

public sealed class PartitionAssignmentsTests
{
    [Fact]
    public void Assignments_and_revocations_apply_as_deltas_and_other_topics_are_ignored()
    {
        var assignments = new PartitionAssignments();

        assignments.Assigned([Data(5), Data(1), new TopicPartition(Topics.Results, 7)]);
        assignments.Assigned([Data(3)]);
        Assert.Equal([1, 3, 5], assignments.Current);

        assignments.Removed([Data(1), new TopicPartition(Topics.Results, 3)]);
        Assert.Equal([3, 5], assignments.Current);

        assignments.Clear();
        Assert.Empty(assignments.Current);
    }

    private static TopicPartition Data(int partition) => new(Topics.Data, partition);
}
