using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class WithEnvironmentTests
{
    [Fact]
    public async Task Values_of_every_kind_are_resolved_when_the_process_starts()
    {
        var builder = CreateBuilder();
        var redis = builder.AddRedis("redis");
        var apiKey = builder.AddParameter("api-key", secret: true);
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api")
            .WithEnvironment("PLAIN", "value")
            .WithEnvironment("EMPTY", (string?)null)
            .WithEnvironment("REDIS_ADDRESS", redis.Resource.PrimaryEndpoint.Url)
            .WithEnvironment("API_KEY", apiKey)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["REPLICA"] = context.ReplicaIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
        Allocate(redis.Resource, "tcp", new AllocatedEndpoint("tcp", "127.0.0.1", 6400));
        apiKey.Resource.Value = "k3y";

        var environment = await GetEnvironmentAsync(api.Resource, replicaIndex: 2);

        Assert.Equal("value", environment["PLAIN"]);
        Assert.Equal("", environment["EMPTY"]);
        Assert.Equal("127.0.0.1:6400", environment["REDIS_ADDRESS"]);
        Assert.Equal("k3y", environment["API_KEY"]);
        Assert.Equal("2", environment["REPLICA"]);
        Assert.Equal(5, environment.Count);
    }

    [Fact]
    public async Task A_later_value_for_the_same_name_wins()
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api")
            .WithEnvironment("MODE", "first")
            .WithEnvironment("MODE", "second");

        var environment = await GetEnvironmentAsync(api.Resource);

        Assert.Equal("second", Assert.Single(environment).Value);
    }

    [Fact]
    public async Task A_parameter_without_a_value_fails_clearly_when_read()
    {
        var builder = CreateBuilder();
        var apiKey = builder.AddParameter("api-key");
        var api = builder.AddProject<Projects.AiMesh_TestApps_Echo>("api").WithEnvironment("API_KEY", apiKey);

        var e = await Assert.ThrowsAsync<MissingParameterValueException>(() => GetEnvironmentAsync(api.Resource)).DefaultTimeout();

        Assert.Contains("'api-key'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_name_is_refused(string name)
    {
        var api = CreateBuilder().AddProject<Projects.AiMesh_TestApps_Echo>("api");

        Assert.Throws<ArgumentException>(() => api.WithEnvironment(name, "value"));
        Assert.Empty(api.Resource.Annotations.OfType<EnvironmentCallbackAnnotation>());
    }
}
