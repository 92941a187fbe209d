using AiMesh.ServiceDefaults.ServiceDiscovery;
using AiMesh.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiMesh.ServiceDefaults.Tests.ServiceDiscovery;

public sealed class ServiceDiscoveryTests
{
    [Fact]
    public async Task RequestsAreSpreadEvenlyOverEveryReplica()
    {
        await using var replicas = await ReplicaServers.StartAsync(3);
        using var host = BuildHost(EndpointsOf(replicas.Servers.Select(server => server.Port)));
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        for (var i = 0; i < 30; i++)
        {
            _ = await client.GetStringAsync("http://ai/id", TestContext.Current.CancellationToken).DefaultTimeout();
        }

        Assert.Equal(3, replicas.Hits.Count);
        Assert.All(replicas.Hits.Values, hits => Assert.Equal(10, hits));
    }

    [Fact]
    public async Task EveryRequestSucceedsWhenOneReplicaRefusesConnections()
    {
        await using var replicas = await ReplicaServers.StartAsync(2);
        var ports = replicas.Servers.Select(server => server.Port).Append(Ports.Closed());
        using var host = BuildHost(EndpointsOf(ports));
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        for (var i = 0; i < 30; i++)
        {
            var response = await client.GetAsync("http://ai/id", TestContext.Current.CancellationToken).DefaultTimeout();
            Assert.True(response.IsSuccessStatusCode);
        }

        Assert.Equal(30, replicas.Hits.Values.Sum());
        Assert.Equal(2, replicas.Hits.Count);
    }

    [Fact]
    public async Task AMissingServiceNamesTheVariableToSet()
    {
        using var host = BuildHost(new Dictionary<string, string?>());
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.GetStringAsync("http://ai/id", TestContext.Current.CancellationToken).DefaultTimeout());

        Assert.Contains("services__ai__http__0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpsPlusHttpUsesHttpsEndpointsWhenThereAreAny()
    {
        var resolver = CreateResolver(new Dictionary<string, string?>
        {
            ["services:ai:http:0"] = "http://127.0.0.1:5001",
            ["services:ai:https:0"] = "https://127.0.0.1:5002",
            ["services:ai:https:1"] = "https://127.0.0.1:5003",
        });

        var endpoints = Resolve(resolver, "https+http://ai/id");

        Assert.Equal(["https://127.0.0.1:5002/", "https://127.0.0.1:5003/"], endpoints);
    }

    [Fact]
    public async Task HttpsPlusHttpFallsBackToHttpEndpoints()
    {
        await using var replicas = await ReplicaServers.StartAsync(1);
        using var host = BuildHost(EndpointsOf(replicas.Servers.Select(server => server.Port)));
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        var id = await client.GetStringAsync("https+http://ai/id", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal("replica-0", id);
    }

    [Fact]
    public void TheDefaultEndpointWinsOverSchemeNamedOnes()
    {
        var resolver = CreateResolver(new Dictionary<string, string?>
        {
            ["services:ai:default:0"] = "http://127.0.0.1:5001",
            ["services:ai:http:0"] = "http://127.0.0.1:5002",
        });

        Assert.Equal(["http://127.0.0.1:5001/"], Resolve(resolver, "http://ai/id"));
    }

    [Fact]
    public void AnUnderscoreHostPrefixNamesTheEndpoint()
    {
        var resolver = CreateResolver(new Dictionary<string, string?>
        {
            ["services:ai:http:0"] = "http://127.0.0.1:5001",
            ["services:ai:admin:0"] = "127.0.0.1:5009",
        });

        Assert.Equal(["http://127.0.0.1:5009/"], Resolve(resolver, "http://_admin.ai/id"));
    }

    [Theory]
    [InlineData("http://localhost:5000/id")]
    [InlineData("http://127.0.0.1:5000/id")]
    [InlineData("http://[::1]:5000/id")]
    [InlineData("http://ai.example.com/id")]
    public void RealAddressesAreNotLookedUp(string address)
    {
        Assert.False(ServiceEndpointQuery.TryParse(new Uri(address), out _));
    }

    [Fact]
    public async Task RealAddressesPassThroughUntouched()
    {
        await using var replicas = await ReplicaServers.StartAsync(1);
        using var host = BuildHost(new Dictionary<string, string?>());
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        var id = await client.GetStringAsync(new Uri(replicas.Servers[0].Address, "/id"), TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal("replica-0", id);
    }

    [Fact]
    public async Task AConfigurationReloadIsPickedUp()
    {
        await using var replicas = await ReplicaServers.StartAsync(2);
        using var host = BuildHost(EndpointsOf([replicas.Servers[0].Port]));
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        Assert.Equal("replica-0", await client.GetStringAsync("http://ai/id", TestContext.Current.CancellationToken).DefaultTimeout());

        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["services:ai:http:0"] = replicas.Servers[1].Address.ToString();
        configuration.Reload();

        Assert.Equal("replica-1", await client.GetStringAsync("http://ai/id", TestContext.Current.CancellationToken).DefaultTimeout());
    }

    [Fact]
    public async Task ARefusingReplicaCoolsDownAndIsSkipped()
    {
        await using var replicas = await ReplicaServers.StartAsync(1);
        var closed = Ports.Closed();
        var resolver = CreateResolver(EndpointsOf([closed, replicas.Servers[0].Port]));
        using var client = new HttpClient(new ServiceDiscoveryHandler(resolver) { InnerHandler = new SocketsHttpHandler() });

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("replica-0", await client.GetStringAsync("http://ai/id", TestContext.Current.CancellationToken).DefaultTimeout());
        }

        var endpoints = resolver.Resolve(Query("http://ai/id"));
        Assert.Equal(replicas.Servers[0].Port, endpoints[endpoints.SelectFirst()].Port);
        Assert.Equal(replicas.Servers[0].Port, endpoints[endpoints.SelectFirst()].Port);
    }

    [Fact]
    public async Task ServiceDiscoveryWorksOnANamedClient()
    {
        await using var replicas = await ReplicaServers.StartAsync(1);
        var builder = TestHosts.CreateBuilder(EndpointsOf(replicas.Servers.Select(server => server.Port)));
        builder.Services.AddHttpClient("ai", client => client.BaseAddress = new Uri("http://ai")).AddServiceDiscovery();
        using var host = builder.Build();

        var id = await host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("ai")
            .GetStringAsync("/id", TestContext.Current.CancellationToken).DefaultTimeout();

        Assert.Equal("replica-0", id);
    }

    internal static Dictionary<string, string?> EndpointsOf(IEnumerable<int> ports) =>
        ports.Select((port, index) => KeyValuePair.Create($"services:ai:http:{index}", (string?)$"http://127.0.0.1:{port}"))
            .ToDictionary();

    private static IHost BuildHost(IDictionary<string, string?> configuration)
    {
        var builder = TestHosts.CreateBuilder(configuration);
        builder.AddServiceDefaults();
        return builder.Build();
    }

    [Fact]
    public void GetEndpoints_lists_a_service_s_replicas_and_passes_concrete_addresses_through()
    {
        using var resolver = CreateResolver(new Dictionary<string, string?>
        {
            ["services:results:http:0"] = "http://127.0.0.1:5001",
            ["services:results:http:1"] = "http://127.0.0.1:5002",
        });

        Assert.Equal([new Uri("http://127.0.0.1:5001"), new Uri("http://127.0.0.1:5002")], resolver.GetEndpoints(new Uri("http://results")));
        Assert.Equal([new Uri("http://127.0.0.1:9000/")], resolver.GetEndpoints(new Uri("http://127.0.0.1:9000/")));
        Assert.Throws<InvalidOperationException>(() => resolver.GetEndpoints(new Uri("http://unknown")));
    }

    private static ServiceEndpointResolver CreateResolver(IDictionary<string, string?> configuration) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(), Options.Create(new ServiceDiscoveryOptions()));

    private static ServiceEndpointQuery Query(string address) =>
        ServiceEndpointQuery.TryParse(new Uri(address), out var query) ? query : throw new ArgumentException(address);

    private static string[] Resolve(ServiceEndpointResolver resolver, string address)
    {
        var endpoints = resolver.Resolve(Query(address));
        return [.. Enumerable.Range(0, endpoints.Count).Select(index => endpoints[index].ToString())];
    }
}
