using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class WithEndpointTests
{
    [Fact]
    public void A_project_starts_with_one_http_endpoint_on_an_allocated_port()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api");

        var endpoint = Assert.Single(api.Resource.GetEndpoints());
        Assert.Equal("http", endpoint.Name);
        Assert.Equal("http", endpoint.Scheme);
        Assert.Null(endpoint.Port);
        Assert.True(endpoint.IsHttp);
        Assert.Empty(endpoint.Allocated);
    }

    [Fact]
    public void An_endpoint_records_its_name_scheme_and_port()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api").WithEndpoint("metrics", "tcp", 9464);

        var endpoint = api.Resource.GetEndpoints().Single(e => e.Name == "metrics");
        Assert.Equal("tcp", endpoint.Scheme);
        Assert.Equal(9464, endpoint.Port);
        Assert.False(endpoint.IsHttp);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("HTTP")]
    public void A_second_endpoint_with_the_same_name_is_refused(string name)
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api");

        var e = Assert.Throws<DistributedApplicationException>(() => api.WithEndpoint(name, "https"));

        Assert.Equal($"Resource 'api' already has an endpoint named '{name}'.", e.Message);
        Assert.Single(api.Resource.GetEndpoints());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-80)]
    [InlineData(65536)]
    public void A_port_outside_1_to_65535_is_refused(int port)
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api");

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => api.WithEndpoint("admin", "http", port));

        Assert.Equal("port", e.ParamName);
        Assert.Single(api.Resource.GetEndpoints());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void The_ends_of_the_port_range_are_accepted(int port)
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api").WithEndpoint("admin", "http", port);

        Assert.Equal(port, api.Resource.GetEndpoints().Single(e => e.Name == "admin").Port);
    }

    [Fact]
    public void An_endpoint_name_must_be_a_valid_name()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api");

        Assert.Throws<ArgumentException>(() => api.WithEndpoint("admin_http", "http"));
    }

    [Fact]
    public void Infrastructure_gets_a_tcp_endpoint_with_the_port_it_was_given()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis", port: 6390);
        var postgres = builder.AddPostgres("pg");

        var redisEndpoint = Assert.Single(redis.Resource.GetEndpoints());
        var postgresEndpoint = Assert.Single(postgres.Resource.GetEndpoints());
        Assert.Equal(("tcp", "tcp", (int?)6390), (redisEndpoint.Name, redisEndpoint.Scheme, redisEndpoint.Port));
        Assert.Equal(("tcp", "tcp", (int?)null), (postgresEndpoint.Name, postgresEndpoint.Scheme, postgresEndpoint.Port));
    }

    [Fact]
    public async Task An_endpoint_reference_resolves_to_the_first_allocation_and_writes_a_binding_expression()
    {
        var redis = CreateBuilder().AddRedis("redis");
        var endpoint = redis.Resource.PrimaryEndpoint;

        Assert.False(endpoint.IsAllocated);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => endpoint.Port.GetValueAsync().AsTask()).DefaultTimeout();
        Assert.Contains("no port yet", e.Message, StringComparison.Ordinal);

        Allocate(redis.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 6391));
        Assert.Equal("127.0.0.1", await endpoint.Host.GetValueAsync().AsTask().DefaultTimeout());
        Assert.Equal("6391", await endpoint.Port.GetValueAsync().AsTask().DefaultTimeout());
        Assert.Equal("127.0.0.1:6391", await endpoint.Url.GetValueAsync().AsTask().DefaultTimeout());
        Assert.Equal("{redis.bindings.tcp.port}", ((IManifestExpressionProvider)endpoint.Port).ValueExpression);
        Assert.Equal("{redis.bindings.tcp.url}", ((IManifestExpressionProvider)endpoint.Url).ValueExpression);
    }
}
