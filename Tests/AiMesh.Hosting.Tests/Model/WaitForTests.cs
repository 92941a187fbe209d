using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class WaitForTests
{
    [Fact]
    public void WaitFor_records_a_wait_until_healthy()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WaitFor(redis);

        var wait = Assert.Single(api.Resource.GetWaits());
        Assert.Same(redis.Resource, wait.Resource);
        Assert.Equal(WaitType.WaitUntilHealthy, wait.WaitType);
    }

    [Fact]
    public void WaitForStart_records_a_wait_until_started()
    {
        var builder = CreateBuilder();
        var kafka = builder.AddKafka("kafka");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WaitForStart(kafka);

        var wait = Assert.Single(api.Resource.GetWaits());
        Assert.Same(kafka.Resource, wait.Resource);
        Assert.Equal(WaitType.WaitUntilStarted, wait.WaitType);
    }

    [Fact]
    public void Waits_for_several_resources_accumulate_in_order()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var postgres = builder.AddPostgres("pg");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WaitFor(redis).WaitForStart(postgres);

        Assert.Equal(["redis", "pg"], api.Resource.GetWaits().Select(w => w.Resource.Name));
        Assert.Equal([WaitType.WaitUntilHealthy, WaitType.WaitUntilStarted], api.Resource.GetWaits().Select(w => w.WaitType));
    }

    [Fact]
    public void A_resource_cannot_wait_for_itself()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api");

        var e = Assert.Throws<DistributedApplicationException>(() => api.WaitFor(api));

        Assert.Equal("Resource 'api' cannot wait for itself.", e.Message);
        Assert.Empty(api.Resource.GetWaits());
    }

    [Fact]
    public void A_resource_cannot_wait_for_a_parameter()
    {
        var builder = CreateBuilder();
        var apiKey = builder.AddParameter("api-key", secret: true);
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api");

        var e = Assert.Throws<DistributedApplicationException>(() => api.WaitForStart(apiKey));

        Assert.Contains("parameter 'api-key'", e.Message, StringComparison.Ordinal);
        Assert.Empty(api.Resource.GetWaits());
    }
}
