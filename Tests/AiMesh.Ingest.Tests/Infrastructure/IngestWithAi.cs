using System.Net;
using System.Net.Http.Json;

namespace AiMesh.Ingest.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeAi"/> and an <see cref="IngestWithKafka"/> that finds Ai there through service
/// discovery (<c>services:ai:http:0</c>), or at <see cref="AiAddress"/> when a test sets one.
/// </summary>
public sealed class IngestWithAi : IAsyncLifetime
{
    private IngestWithKafka? _ingest;

    public FakeAi Ai { get; } = new();

    /// <summary>Where Ingest looks for Ai instead of <see cref="Ai"/>, such as a closed port.</summary>
    public Uri? AiAddress { get; init; }

    /// <summary>Ingest settings on top of Kafka's and Ai's, such as <c>Ingest:ModelListCacheDuration</c>.</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    public IngestApp App => _ingest!.App;

    public DataTopic DataTopic => _ingest!.DataTopic;

    /// <summary>Starts an Ingest of its own, for a test that counts Ai's requests or changes Ai's answer.</summary>
    public static async Task<IngestWithAi> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Uri? aiAddress = null)
    {
        var ingest = new IngestWithAi { Settings = settings, AiAddress = aiAddress };
        await ingest.InitializeAsync();
        return ingest;
    }

    public async ValueTask InitializeAsync()
    {
        await Ai.InitializeAsync();
        var settings = new Dictionary<string, string?> { ["services:ai:http:0"] = (AiAddress ?? Ai.Address).ToString() };
        foreach (var (key, value) in Settings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        _ingest = new IngestWithKafka { Settings = settings };
        await _ingest.InitializeAsync();
    }

    /// <summary>
    /// Submits a text naming no model and returns data-topic's message count once Kafka has it: anything
    /// published by an earlier request would be counted by then too.
    /// </summary>
    public async Task<long> CountAfterASentinelAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);

        using var sentinel = await client.PostAsJsonAsync("/api/subscribe", new { text = "sentinel" }, TestContext.Current.CancellationToken).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Accepted, sentinel.StatusCode);
        return DataTopic.CountMessages();
    }

    public async ValueTask DisposeAsync()
    {
        if (_ingest is not null)
        {
            await _ingest.DisposeAsync();
        }

        await Ai.DisposeAsync();
    }
}
