using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>
/// The Ingest service in memory (TestServer, or Kestrel after <see cref="StartOnKestrel"/>), configured
/// only by <paramref name="settings"/> on top of settings that keep tests fast: HTTP retries without real
/// backoff.
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

    /// <summary>
    /// Serves on a real Kestrel port on loopback instead of TestServer, and starts: only Kestrel enforces
    /// request body data rates, and only a socket can send a body shorter than its Content-Length.
    /// <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> then talks to that port.
    /// </summary>
    /// <remarks>
    /// The port is chosen by Kestrel's own options, not <c>UseKestrel(0)</c>: with a port, the factory
    /// rewrites the server's addresses after the app has been built, while a minimal-hosting app starts
    /// Kestrel on its own thread, and when Kestrel binds first the factory throws "Addresses cannot be
    /// modified after the server has started" (dotnet/aspnetcore#67714).
    /// </remarks>
    public Uri StartOnKestrel()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address))
            .First();
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
