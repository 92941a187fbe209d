using AiMesh.Web.Feed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiMesh.Web.Tests.TestSupport;

/// <summary>
/// A host with ServiceDefaults and the UI's feeds of results and answers, pointed at a fake Results through the same
/// <c>services:results:http:0</c> key the AppHost sets, with quick reconnects.
/// </summary>
internal sealed class FeedHost : IAsyncDisposable
{
    private readonly IHost _host;

    private FeedHost(IHost host) => _host = host;

    public ResultsFeed Feed => _host.Services.GetRequiredService<ResultsFeed>();

    public AnswersFeed Answers => _host.Services.GetRequiredService<AnswersFeed>();

    public IServiceProvider Services => _host.Services;

    public static Task<FeedHost> StartAsync(Uri results, int capacity = 50) => StartAsync([results], capacity);

    /// <summary>A feed whose Results has one replica per address, in this order.</summary>
    public static async Task<FeedHost> StartAsync(IReadOnlyList<Uri> replicas, int capacity = 50)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
            ApplicationName = "AiMesh.Web.Tests",
        });
        var settings = new Dictionary<string, string?>
        {
            ["ResultsFeed:Capacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ResultsFeed:InitialReconnectDelay"] = "00:00:00.050",
            ["ResultsFeed:MaxReconnectDelay"] = "00:00:00.500",
            ["HttpClientDefaults:Resilience:Retry:Delay"] = "00:00:00.050",
        };
        for (var index = 0; index < replicas.Count; index++)
        {
            settings[$"services:results:http:{index}"] = replicas[index].ToString();
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddResultsFeeds();

        var host = builder.Build();
        await host.StartAsync().DefaultTimeout();
        return new FeedHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().DefaultTimeout();
        _host.Dispose();
    }
}
