using AiMesh.Web.Feed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ServiceDiscovery;

namespace AiMesh.Web.Tests.Feed;

public sealed class ResultsSocketAddressTests
{
    [Fact]
    public async Task TheHttpEndpointBecomesAWebSocketAddress()
    {
        var address = Create(new() { ["services:results:http:0"] = "http://127.0.0.1:5123" });

        Assert.Equal(new Uri("ws://127.0.0.1:5123/ws/results"), (await address.NextAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task EachFeedConnectsToItsOwnPath()
    {
        var address = new ResultsSocketAddress(
            TestSupport.ServiceDiscovery.Resolver(new() { ["services:results:http:0"] = "http://127.0.0.1:5123" }),
            new ResultsFeedOptions().AnswersWebSocketPath);

        Assert.Equal(new Uri("ws://127.0.0.1:5123/ws/answers"), await address.NextAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReconnectsGoRoundTheReplicas()
    {
        var address = Create(new()
        {
            ["services:results:http:0"] = "http://127.0.0.1:5001",
            ["services:results:http:1"] = "http://127.0.0.1:5002",
        });

        var ports = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            ports.Add((await address.NextAsync(TestContext.Current.CancellationToken)).Port);
        }

        Assert.Equal([5001, 5002, 5001, 5002], ports);
    }

    [Fact]
    public async Task ASingleValueAndAHostWithoutSchemeAreRead()
    {
        var address = Create(new() { ["services:results:http"] = "localhost:6000" });

        Assert.Equal(new Uri("ws://localhost:6000/ws/results"), (await address.NextAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task TheDefaultEndpointWinsOverHttp()
    {
        var address = Create(new()
        {
            ["services:results:default:0"] = "http://127.0.0.1:7000",
            ["services:results:http:0"] = "http://127.0.0.1:7001",
        });

        Assert.Equal(7000, (await address.NextAsync(TestContext.Current.CancellationToken)).Port);
    }

    [Fact]
    public void HttpsBecomesWss()
    {
        Assert.Equal(
            new Uri("wss://results.example/ws/results"),
            ResultsSocketAddress.ToWebSocket(new Uri("https://results.example/"), "/ws/results"));
    }

    [Fact]
    public async Task TheSectionNameComesFromServiceDiscoveryOptions()
    {
        var address = Create(
            new() { ["endpoints:results:http:0"] = "http://127.0.0.1:5123" },
            discovery => discovery.SectionName = "endpoints");

        Assert.Equal(5123, (await address.NextAsync(TestContext.Current.CancellationToken)).Port);
    }

    [Fact]
    public async Task WithoutConfigurationTheNameIsLeftToDns()
    {
        // Microsoft.Extensions.ServiceDiscovery's pass-through provider: "results" as a host name.
        var address = Create([]);

        Assert.Equal(new Uri("ws://results/ws/results"), await address.NextAsync(TestContext.Current.CancellationToken));
    }

    private static ResultsSocketAddress Create(Dictionary<string, string?> settings, Action<ConfigurationServiceEndpointProviderOptions>? discovery = null) =>
        new(TestSupport.ServiceDiscovery.Resolver(settings, discovery), new ResultsFeedOptions().WebSocketPath);
}
