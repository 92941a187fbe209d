using AiMesh.Contracts;
using AiMesh.Results.Storage;
using AiMesh.Results.Tests.Infrastructure;
using AiMesh.Tests.Kafka;
using AiMesh.Tests.Postgres;

namespace AiMesh.Results.Tests.Api;

/// <summary>
/// One running service over a database holding <see cref="Count"/> results, one a minute, for tests
/// that only read. <see cref="Stored"/> is newest first.
/// </summary>
public sealed class ResultsApiFixture : IAsyncLifetime
{
    public const int Count = 60;

    private readonly PostgresServer _server = new();
    private KafkaMockCluster? _kafka;
    private ResultsApp? _app;

    internal ResultsApp App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    internal IReadOnlyList<InferenceResult> Stored { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await _server.StartAsync();
        _kafka = await TestKafka.StartAsync();
        _app = new ResultsApp(await _server.CreateDatabaseAsync("results_api"), _kafka.BootstrapServers);
        await _app.WaitForMigrationAsync();

        var store = _app.GetRequiredService<ResultStore>();
        var results = Enumerable.Range(0, Count).Select(minutes => TestResults.Create(completedAt: TestResults.BaseTime.AddMinutes(minutes))).ToList();
        foreach (var result in results)
        {
            await store.TryInsertAsync(result, CancellationToken.None);
        }

        Stored = [.. results.AsEnumerable().Reverse()];
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
        }

        await _server.DisposeAsync();
    }
}
