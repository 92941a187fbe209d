using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class WithReferenceProjectTests
{
    [Fact]
    public async Task A_project_with_three_replicas_is_handed_over_as_one_URL_per_replica()
    {
        var builder = CreateBuilder();
        var echo = builder.AddProject<Projects.AiMesh_TestApps_Echo>("echo").WithReplicas(3);
        var caller = builder.AddProject<Projects.AiMesh_TestApps_Echo>("caller").WithReference(echo);
        Allocate(echo.Resource, "http",
            new AllocatedEndpoint("http", "localhost", 5101),
            new AllocatedEndpoint("http", "localhost", 5102),
            new AllocatedEndpoint("http", "localhost", 5103));

        var environment = await GetEnvironmentAsync(caller.Resource);

        Assert.Equal("http://localhost:5101", environment["services__echo__http__0"]);
        Assert.Equal("http://localhost:5102", environment["services__echo__http__1"]);
        Assert.Equal("http://localhost:5103", environment["services__echo__http__2"]);
        Assert.Equal("http://localhost:5101", environment["ECHO_HTTP"]);
        Assert.Equal(4, environment.Count);
        Assert.Same(echo.Resource, Assert.Single(caller.Resource.Annotations.OfType<ResourceReferenceAnnotation>()).Resource);
    }

    [Fact]
    public async Task Every_endpoint_of_the_referenced_project_is_handed_over_under_its_own_name()
    {
        var builder = CreateBuilder();
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api-service").WithEndpoint("admin-http", "http");
        var web = builder.AddProject<Projects.AiMesh_TestApps_Echo>("web").WithReference(api);
        Allocate(api.Resource, "http", new AllocatedEndpoint("http", "localhost", 5201));
        Allocate(api.Resource, "admin-http", new AllocatedEndpoint("http", "localhost", 5202));

        var environment = await GetEnvironmentAsync(web.Resource);

        Assert.Equal("http://localhost:5201", environment["services__api-service__http__0"]);
        Assert.Equal("http://localhost:5202", environment["services__api-service__admin-http__0"]);
        Assert.Equal("http://localhost:5201", environment["API_SERVICE_HTTP"]);
        Assert.Equal("http://localhost:5202", environment["API_SERVICE_ADMIN_HTTP"]);
    }

    [Fact]
    public async Task Endpoints_not_yet_allocated_add_no_variables()
    {
        var builder = CreateBuilder();
        var echo = builder.AddProject<Projects.AiMesh_TestApps_Echo>("echo");
        var caller = builder.AddProject<Projects.AiMesh_TestApps_Echo>("caller").WithReference(echo);

        var environment = await GetEnvironmentAsync(caller.Resource);

        Assert.Empty(environment);
    }
}
