using System.Data.Common;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiMesh.ServiceDefaults.Tests.Npgsql;

public sealed class NpgsqlDataSourceTests
{
    [Fact]
    public void TheConnectionStringWinsOverTheNamedAndCommonSections()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aspire:Npgsql:ConnectionString"] = "Host=common",
            ["Aspire:Npgsql:DisableMetrics"] = "true",
            ["Aspire:Npgsql:db:ConnectionString"] = "Host=named",
            ["Aspire:Npgsql:db:DisableTracing"] = "true",
            ["ConnectionStrings:db"] = "Host=from-connection-strings",
        }).Build();

        var settings = NpgsqlHostingExtensions.ReadSettings(configuration, "db", configureSettings: null);

        Assert.Equal("Host=from-connection-strings", settings.ConnectionString);
        Assert.True(settings.DisableMetrics);
        Assert.True(settings.DisableTracing);
        Assert.False(settings.DisableHealthChecks);
    }

    [Fact]
    public void TheNamedSectionOverridesTheCommonOne()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aspire:Npgsql:ConnectionString"] = "Host=common",
            ["Aspire:Npgsql:db:ConnectionString"] = "Host=named",
        }).Build();

        var settings = NpgsqlHostingExtensions.ReadSettings(configuration, "db", configureSettings: null);

        Assert.Equal("Host=named", settings.ConnectionString);
    }

    [Fact]
    public void TheDataSourceAndConnectionsAreRegistered()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:db"] = "Host=127.0.0.1;Database=orders" });
        builder.AddNpgsqlDataSource("db");
        using var host = builder.Build();

        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        using var connection = host.Services.GetRequiredService<NpgsqlConnection>();

        Assert.Same(dataSource, host.Services.GetRequiredService<DbDataSource>());
        Assert.Equal("orders", connection.Database);
        Assert.NotSame(connection, host.Services.GetRequiredService<NpgsqlConnection>());
    }

    [Fact]
    public void KeyedDataSourcesAreSeparateAndHaveTheirOwnHealthChecks()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:orders"] = "Host=127.0.0.1;Database=orders",
            ["ConnectionStrings:audit"] = "Host=127.0.0.1;Database=audit",
        });
        builder.AddKeyedNpgsqlDataSource("orders");
        builder.AddKeyedNpgsqlDataSource("audit", settings => settings.DisableHealthChecks = true);
        using var host = builder.Build();

        using var orders = host.Services.GetRequiredKeyedService<NpgsqlConnection>("orders");
        using var audit = host.Services.GetRequiredKeyedService<NpgsqlConnection>("audit");
        var checks = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name).ToList();

        Assert.Equal("orders", orders.Database);
        Assert.Equal("audit", audit.Database);
        Assert.Contains("PostgreSql_orders", checks);
        Assert.DoesNotContain("PostgreSql_audit", checks);
    }

    [Fact]
    public void AMissingConnectionStringNamesTheVariable()
    {
        var builder = TestHosts.CreateBuilder();

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddNpgsqlDataSource("db"));

        Assert.Contains("ConnectionStrings__db", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHealthCheckIsUnhealthyWhenNothingListens()
    {
        var builder = TestHosts.CreateBuilder(new Dictionary<string, string?>
        {
            ["ConnectionStrings:db"] = $"Host=127.0.0.1;Port={Ports.Closed()};Username=u;Password=p;Database=d;Timeout=3",
        });
        builder.AddNpgsqlDataSource("db");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name == "PostgreSql", TestContext.Current.CancellationToken)
            .DefaultTimeout();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["PostgreSql"].Status);
    }
}
