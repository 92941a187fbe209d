using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>
/// The Ingest service in memory (TestServer), configured only by <paramref name="settings"/> on top of
/// settings that keep tests fast: HTTP retries without real backoff.
/// </summary>
public sealed class IngestApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    private static readonly Dictionary<string, string?> s_testDefaults = new()
    {
        ["HttpClientDefaults:Resilience:Retry:Delay"] = "00:00:00.010",
        ["HttpClientDefaults:Resilience:Retry:UseJitter"] = "false",
    };

    /// <summary>An Ingest whose Kafka is <paramref name="bootstrapServers"/>, plus any further settings.</summary>
    public static IngestApp WithKafka(string bootstrapServers, IReadOnlyDictionary<string, string?>? more = null)
    {
        var all = new Dictionary<string, string?> { ["ConnectionStrings:kafka"] = bootstrapServers };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new IngestApp(all);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in s_testDefaults.Concat(settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders());
    }
}
