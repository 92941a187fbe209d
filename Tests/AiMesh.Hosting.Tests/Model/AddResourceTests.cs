using AiMesh.Hosting.ApplicationModel;
using static AiMesh.Hosting.Tests.Model.ModelTestSupport;

namespace AiMesh.Hosting.Tests.Model;

public sealed class AddResourceTests
{
    [Fact]
    public void Resources_are_kept_in_the_order_they_were_added()
    {
        var builder = CreateBuilder();
        builder.AddRedis("redis");
        builder.AddProject<Projects.AiMesh_TestApps_Echo>("api");

        // Redis brings its generated password parameter, added just before it.
        Assert.Equal(["redis-password", "redis", "api"], builder.Resources.Select(r => r.Name));
        var password = Assert.IsType<ParameterResource>(builder.Resources[0]);
        Assert.True(password.Secret);
        Assert.IsType<GenerateParameterDefault>(password.Default);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("API")]
    [InlineData("Api")]
    public void A_second_resource_with_the_same_name_in_any_case_is_refused(string name)
    {
        var builder = CreateBuilder();
        builder.AddProject<Projects.AiMesh_TestApps_Echo>("api");

        var e = Assert.Throws<DistributedApplicationException>(() => builder.AddParameter(name));

        Assert.Equal($"Cannot add resource '{name}': a resource with that name already exists.", e.Message);
        Assert.Single(builder.Resources);
    }

    [Fact]
    public void A_resource_with_an_invalid_name_cannot_be_created()
    {
        var builder = CreateBuilder();

        Assert.Throws<ArgumentException>(() => builder.AddProject<Projects.AiMesh_TestApps_Echo>("my_api"));
        Assert.Throws<ArgumentException>(() => builder.AddParameter("cache-"));
        Assert.Empty(builder.Resources);
    }
}
