using AiMesh.ServiceDefaults.ServiceDiscovery;
using AiMesh.Web.Feed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AiMesh.Web.Tests.Feed;

public sealed class ResultsSocketAddressTests
{
    [Fact]
    public void TheHttpEndpointBecomesAWebSocketAddress()
    {
        var address = Create(new() { ["services:results:http:0"] = "http://127.0.0.1:5123" });

        Assert.Equal(new Uri("ws://127.0.0.1:5123/ws/results"), address.Next());
    }

    [Fact]
    public void ReconnectsGoRoundTheReplicas()
    {
        var address = Create(new()
        {
            ["services:results:http:0"] = "http://127.0.0.1:5001",
            ["services:results:http:1"] = "http://127.0.0.1:5002",
        });

        var ports = Enumerable.Range(0, 4).Select(_ => address.Next().Port).ToList();

        Assert.Equal([5001, 5002, 5001, 5002], ports);
    }

    [Fact]
    public void ASingleValueAndAHostWithoutSchemeAreRead()
    {
        var address = Create(new() { ["services:results:http"] = "localhost:6000" });

        Assert.Equal(new Uri("ws://localhost:6000/ws/results"), address.Next());
    }

    [Fact]
    public void TheDefaultEndpointWinsOverHttp()
    {
        var address = Create(new()
        {
            ["services:results:default:0"] = "http://127.0.0.1:7000",
            ["services:results:http:0"] = "http://127.0.0.1:7001",
        });

        Assert.Equal(7000, address.Next().Port);
    }

    [Fact]
    public void HttpsBecomesWss()
    {
        Assert.Equal(
            new Uri("wss://results.example/ws/results"),
            ResultsSocketAddress.ToWebSocket(new Uri("https://results.example/"), "/ws/results"));
    }

    [Fact]
    public void TheSectionNameComesFromServiceDiscoveryOptions()
    {
        var address = Create(
            new() { ["endpoints:results:http:0"] = "http://127.0.0.1:5123" },
            new ServiceDiscoveryOptions { SectionName = "endpoints" });

        Assert.Equal(5123, address.Next().Port);
    }

    [Fact]
    public void AMissingEndpointNamesTheVariableToSet()
    {
        var address = Create([]);

        var exception = Assert.Throws<InvalidOperationException>(address.Next);

        Assert.Contains("services__results__http__0", exception.Message, StringComparison.Ordinal);
    }

    private static ResultsSocketAddress Create(Dictionary<string, string?> settings, ServiceDiscoveryOptions? discovery = null) =>
        new(
            new ServiceEndpointResolver(
                new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
                Options.Create(discovery ?? new ServiceDiscoveryOptions())),
            Options.Create(new ResultsFeedOptions()));
}
