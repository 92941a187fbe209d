using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class WithReplicasTests
{
    [Fact]
    public void A_project_runs_one_replica_by_default()
    {
        var project = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("echo");

        Assert.Equal(1, project.Resource.Replicas);
        Assert.Equal(1, project.Resource.GetReplicaCount());
    }

    [Fact]
    public void The_last_replica_count_replaces_the_earlier_one()
    {
        var project = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("echo").WithReplicas(2).WithReplicas(3);

        Assert.Equal(3, project.Resource.Replicas);
        Assert.Equal(3, Assert.Single(project.Resource.Annotations.OfType<ReplicaAnnotation>()).Replicas);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Fewer_than_one_replica_is_refused(int replicas)
    {
        var project = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("echo");

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => project.WithReplicas(replicas));

        Assert.Equal("replicas", e.ParamName);
        Assert.Empty(project.Resource.Annotations.OfType<ReplicaAnnotation>());
    }

    [Fact]
    public void Several_replicas_of_a_project_with_a_fixed_port_are_refused()
    {
        var project = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("echo").WithEndpoint("admin", "http", 5050);

        var e = Assert.Throws<DistributedApplicationException>(() => project.WithReplicas(2));

        Assert.Equal("Resource 'echo' has a fixed port, so it cannot run 2 replicas.", e.Message);
        Assert.Equal(1, project.Resource.Replicas);
    }

    [Fact]
    public void One_replica_of_a_project_with_a_fixed_port_is_fine()
    {
        var project = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("echo").WithEndpoint("admin", "http", 5050).WithReplicas(1);

        Assert.Equal(1, project.Resource.Replicas);
    }

    [Fact]
    public void A_fixed_port_added_after_several_replicas_is_refused()
    {
        var project = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("echo").WithReplicas(3);

        var e = Assert.Throws<DistributedApplicationException>(() => project.WithEndpoint("admin", "http", 5050));

        Assert.Contains("3 replicas", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(project.Resource.GetEndpoints(), endpoint => endpoint.Name == "admin");
    }
}
