using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class WithHttpHealthCheckTests
{
    [Fact]
    public void The_default_check_is_GET_slash_answering_200_on_the_http_endpoint()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api").WithHttpHealthCheck();

        var check = Assert.Single(api.Resource.Annotations.OfType<HttpHealthCheckAnnotation>());
        Assert.Equal("http", check.EndpointName);
        Assert.Equal("/", check.Path);
        Assert.Equal(200, check.StatusCode);
        Assert.Equal("api_http_/_200_check", check.Key(api.Resource));
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("health", "/health")]
    [InlineData("/health", "/health")]
    [InlineData("health/ready", "/health/ready")]
    public void The_path_always_starts_with_a_slash(string? path, string expected)
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api").WithHttpHealthCheck(path);

        Assert.Equal(expected, Assert.Single(api.Resource.Annotations.OfType<HttpHealthCheckAnnotation>()).Path);
    }

    [Fact]
    public void A_second_check_replaces_the_first()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api")
            .WithHttpHealthCheck("/health")
            .WithHttpHealthCheck("/alive", 204);

        var check = Assert.Single(api.Resource.Annotations.OfType<HttpHealthCheckAnnotation>());
        Assert.Equal("/alive", check.Path);
        Assert.Equal(204, check.StatusCode);
        Assert.Equal("api_http_/alive_204_check", check.Key(api.Resource));
    }

    [Fact]
    public void A_named_http_endpoint_can_be_checked()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api")
            .WithEndpoint("management", "http")
            .WithHttpHealthCheck("/health", endpointName: "management");

        Assert.Equal("management", Assert.Single(api.Resource.Annotations.OfType<HttpHealthCheckAnnotation>()).EndpointName);
    }

    [Fact]
    public void A_resource_without_an_http_endpoint_is_refused()
    {
        var builder = CreateBuilder();
        var tool = builder.AddExecutable("tool", "sleep", ".");
        var redis = builder.AddRedis("redis");

        var e = Assert.Throws<DistributedApplicationException>(() => tool.WithHttpHealthCheck());
        Assert.Throws<DistributedApplicationException>(() => redis.WithHttpHealthCheck());

        Assert.Equal("Resource 'tool' has no HTTP endpoint to check.", e.Message);
        Assert.Empty(tool.Resource.Annotations.OfType<HttpHealthCheckAnnotation>());
    }

    [Fact]
    public void An_endpoint_name_that_is_missing_or_not_http_is_refused()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api").WithEndpoint("grpc-raw", "tcp");

        var missing = Assert.Throws<DistributedApplicationException>(() => api.WithHttpHealthCheck(endpointName: "htp"));
        Assert.Throws<DistributedApplicationException>(() => api.WithHttpHealthCheck(endpointName: "grpc-raw"));

        Assert.Equal("Resource 'api' has no HTTP endpoint named 'htp' to check.", missing.Message);
        Assert.Empty(api.Resource.Annotations.OfType<HttpHealthCheckAnnotation>());
    }
}
