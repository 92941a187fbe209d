using System.Net;
using AiMesh.Ai.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiMesh.Ai.Tests.Api;

public sealed class StartupTests(AiApiFactory factory) : IClassFixture<AiApiFactory>
{
    [Fact]
    public async Task TheServiceReportsHealthy()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken).DefaultTimeout());
    }

    // Built directly rather than through WebApplicationFactory, whose deferred host sometimes reports a
    // failed start as an ObjectDisposedException instead of the error that stopped it.
    [Theory]
    [InlineData("Ai:DefaultModel", "llm", "'llm', which is not a registered model")]
    [InlineData("Ai:MaxTextLength", "0", "Ai:MaxTextLength must be at least 1")]
    public async Task ABadSettingStopsTheServiceFromStarting(string key, string value, string expected)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection([new(key, value)]);
        builder.AddServiceDefaults();
        builder.AddAiServices();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken)).DefaultTimeout();

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDefaultSettingsStart()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.AddAiServices();
        await using var app = builder.Build();

        await app.StartAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        await app.StopAsync(TestContext.Current.CancellationToken).DefaultTimeout();
    }
}
