using AiMesh.AppHost.Tests.Infrastructure;

namespace AiMesh.AppHost.Tests.Parameters;

/// <summary>A parameter with a default: configuration wins when it has a value, the default otherwise.</summary>
public sealed class ParameterDefaultTests
{
    [Fact]
    public async Task Configuration_overrides_the_default_and_the_default_stands_without_it()
    {
        var builder = LocalInfrastructureApp.CreateBuilder();
        builder.Configuration["Parameters:configured"] = "from configuration";
        var configured = builder.AddParameterWithDefault("configured", "the default");
        var unconfigured = builder.AddParameterWithDefault("unconfigured", "the default", secret: true);

        Assert.Equal("from configuration", await configured.Resource.GetValueAsync(TestContext.Current.CancellationToken).AsTask().DefaultTimeout());
        Assert.Equal("the default", await unconfigured.Resource.GetValueAsync(TestContext.Current.CancellationToken).AsTask().DefaultTimeout());
        Assert.True(unconfigured.Resource.Secret);
    }
}
