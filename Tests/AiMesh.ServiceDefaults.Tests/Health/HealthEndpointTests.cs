using System.Net;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using AiMesh.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AiMesh.ServiceDefaults.Tests.Health;

public sealed class HealthEndpointTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task HealthAndAliveAnswerOkInEveryEnvironment(string environmentName)
    {
        await using var server = await TestWebServer.StartAsync(
            app => app.MapDefaultEndpoints(),
            builder => builder.AddServiceDefaults(),
            environmentName);
        using var client = new HttpClient { BaseAddress = server.Address };

        var health = await client.GetAsync("/health", TestContext.Current.CancellationToken).DefaultTimeout();
        var alive = await client.GetAsync("/alive", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken).DefaultTimeout());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task AnUnhealthyCheckFailsHealthButNotAlive()
    {
        await using var server = await TestWebServer.StartAsync(
            app => app.MapDefaultEndpoints(),
            builder =>
            {
                builder.AddServiceDefaults();
                builder.Services.AddHealthChecks().AddCheck("database", () => HealthCheckResult.Unhealthy("down"));
            });
        using var client = new HttpClient { BaseAddress = server.Address };

        var health = await client.GetAsync("/health", TestContext.Current.CancellationToken).DefaultTimeout();
        var alive = await client.GetAsync("/alive", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public void TheSelfCheckIsRegisteredOnceAndTaggedLive()
    {
        var builder = TestHosts.CreateBuilder();
        builder.AddServiceDefaults();
        builder.AddDefaultHealthChecks();
        using var host = builder.Build();

        var registrations = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        var self = Assert.Single(registrations, registration => registration.Name == "self");
        Assert.Contains("live", self.Tags);
    }
}
