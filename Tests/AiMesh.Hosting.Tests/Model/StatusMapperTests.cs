using AiMesh.Hosting.Orchestration;
using AiMesh.Hosting.Status;
using AiMesh.Hosting.Status.V1;

namespace AiMesh.Hosting.Tests.Model;

public sealed class StatusMapperTests
{
    [Fact]
    public void Overall_is_Healthy_when_every_resource_is()
    {
        Assert.Equal("Healthy", StatusMapper.Overall([Snapshot("a", ResourceState.Healthy), Snapshot("b", ResourceState.Healthy)], modelRegistered: true));
    }

    [Theory]
    [InlineData(ResourceState.FailedToStart, false, "Failed")]
    [InlineData(ResourceState.Exited, false, "Failed")]
    [InlineData(ResourceState.Exited, true, "Starting")]
    [InlineData(ResourceState.Stopping, false, "Stopping")]
    [InlineData(ResourceState.Waiting, false, "Starting")]
    [InlineData(ResourceState.Unhealthy, false, "Starting")]
    [InlineData(ResourceState.Running, false, "Starting")]
    public void Overall_reflects_the_resource_that_is_not_healthy(ResourceState state, bool willRestart, string expected)
    {
        var snapshots = new[] { Snapshot("a", ResourceState.Healthy), Snapshot("b", state) with { WillRestart = willRestart } };

        Assert.Equal(expected, StatusMapper.Overall(snapshots, modelRegistered: true));
    }

    [Fact]
    public void Overall_is_Starting_until_every_resource_of_the_model_is_registered()
    {
        Assert.Equal("Starting", StatusMapper.Overall([], modelRegistered: false));
        Assert.Equal("Starting", StatusMapper.Overall([Snapshot("a", ResourceState.Healthy)], modelRegistered: false));
    }

    [Fact]
    public void A_failure_outweighs_a_resource_that_is_stopping()
    {
        Assert.Equal("Failed", StatusMapper.Overall([Snapshot("a", ResourceState.Stopping), Snapshot("b", ResourceState.FailedToStart)], modelRegistered: true));
    }

    [Fact]
    public void A_resource_is_mapped_with_its_secrets_masked_and_its_replicas()
    {
        var snapshot = Snapshot("redis", ResourceState.Healthy) with
        {
            ConnectionString = "127.0.0.1:6379,password=abc",
            Replicas =
            [
                new ReplicaSnapshot { Name = "redis-abcd1234", InstanceId = "abcd1234", Index = 0, State = ResourceState.Healthy, Restarts = 2, Endpoints = ["127.0.0.1:6379"] },
            ],
            WaitsFor = ["pg"],
        };

        var dto = StatusMapper.ToDto(snapshot, new SecretMasker(() => []));

        Assert.Equal("127.0.0.1:6379,password=*****", dto.ConnectionString);
        Assert.Equal("Healthy", dto.State);
        Assert.Equal("Healthy", dto.Health);
        Assert.Equal(2, dto.Restarts);
        Assert.Equal(["127.0.0.1:6379"], dto.Endpoints);
        Assert.Equal("redis-abcd1234", Assert.Single(dto.Replicas).Name);
        Assert.Equal(["pg"], dto.WaitsFor);
    }

    private static ResourceSnapshot Snapshot(string name, ResourceState state) => new() { Name = name, Kind = "Project", State = state };
}
