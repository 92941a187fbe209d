using AiMesh.Redis;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AiMesh.ServiceDefaults.Tests.Redis;

/// <summary>The Redis registration; a real Redis behind it is exercised by the hosting tests' Echo service.</summary>
public sealed class RedisClientRegistrationTests
{
    [Fact]
    public void TheConnectionStringWinsOverTheAspireSections()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aspire:StackExchange:Redis:ConnectionString"] = "common:6379",
            ["Aspire:StackExchange:Redis:cache:DisableHealthChecks"] = "true",
            ["ConnectionStrings:cache"] = "127.0.0.1:6380,password=secret",
        }).Build();

        var settings = RedisHostingExtensions.ReadSettings(configuration, "cache", configureSettings: null);

        Assert.Equal("127.0.0.1:6380,password=secret", settings.ConnectionString);
        Assert.True(settings.DisableHealthChecks);
    }

    [Fact]
    public void AMissingConnectionStringNamesTheVariableToSet()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>());

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddRedisClient("cache"));

        Assert.Contains("ConnectionStrings__cache", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedConnectionStringFailsAtRegistration()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:cache"] = "127.0.0.1:notaport" });

        Assert.Throws<FormatException>(() => builder.AddRedisClient("cache"));
    }

    [Fact]
    public async Task TheHealthCheckIsUnhealthyWhenNothingListens()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:cache"] = $"127.0.0.1:{Ports.Closed()}" });
        builder.AddKeyedRedisClient("cache", settings => settings.HealthCheckTimeout = TimeSpan.FromSeconds(2));
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.NotNull(host.Services.GetRequiredKeyedService<RedisClient>("cache"));
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["StackExchange.Redis_cache"].Status);
    }
}
