using System.Collections.Concurrent;
using System.Globalization;
using AiMesh.EndToEnd.Tests.Support;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AiMesh.EndToEnd.Tests;

/// <summary>
/// A process of the application killed from outside (as the kernel's OOM killer or a crash would):
/// the AppHost starts it again, the dashboard counts the restart, and texts posted afterwards are
/// stored. One application for every case, each case checking delivery after its own kill.
/// </summary>
public sealed class RestartTests(WholeAppFixture fixture) : IClassFixture<WholeAppFixture>, IDisposable
{
    private const string RestartsProperty = "aimesh.restarts";
    private static readonly TimeSpan s_restartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_storeTimeout = TimeSpan.FromMinutes(3);

    private readonly LogsOnFailure _logsOnFailure = new(fixture.WholeApp);
    private readonly WholeApp _wholeApp = fixture.WholeApp;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("inference")]
    [InlineData("redis")]
    [InlineData("postgres")]
    [InlineData("kafka")]
    public async Task A_killed_process_is_restarted_and_the_pipeline_delivers_afterwards(string resource)
    {
        var replica = _wholeApp.Resources.Replicas(resource)[0];
        var killed = _wholeApp.Processes().Single(process => process.Replica == replica.ResourceId);
        var restartsBefore = Restarts(replica);

        Assert.True(killed.Kill(), $"{killed} could not be killed.");

        var restarted = await WaitForRestartAsync(replica.ResourceId, killed);
        Assert.Equal(restartsBefore + 1, Restarts(restarted));

        // This test's own pooled connections died with a killed PostgreSQL; the services' pools are theirs to heal.
        NpgsqlConnection.ClearAllPools();

        var app = _wholeApp.App;
        var database = (await app.GetConnectionStringAsync("aimesh", Cancellation).DefaultTimeout())!;
        using var ingest = app.CreateHttpClient("ingest");
        var accepted = await AcceptedTexts.SubmitAsync(ingest, Enumerable.Range(0, 40).Select(i => $"Text {i} after {resource} was killed is wonderful."));
        var rows = await ResultRows.WaitForAsync(database, accepted, s_storeTimeout).DefaultTimeout(s_storeTimeout + TimeSpan.FromSeconds(10));
        Assert.Equal(accepted.Count, rows.Count);
    }

    /// <summary>
    /// Inference keeps hundreds of texts in flight per replica and Results stores them in batches, so
    /// a kill -9 lands in the middle of both. What was accepted must still end as exactly one row each:
    /// the killed replica's unfinished texts are read again by the others (their offsets were never
    /// stored), and the batch Results was writing is read again and kept once per id.
    /// </summary>
    [Fact]
    public async Task Killing_an_inference_replica_and_results_while_texts_stream_in_neither_loses_nor_duplicates_a_row()
    {
        const int Texts = 1500;
        var app = _wholeApp.App;
        var database = (await app.GetConnectionStringAsync("aimesh", Cancellation).DefaultTimeout())!;
        using var ingest = app.CreateHttpClient("ingest");
        var inference = _wholeApp.Resources.Replicas("inference")[^1];
        var results = _wholeApp.Resources.Replicas("results")[0];

        var accepted = new ConcurrentQueue<Guid>();
        var sending = AcceptedTexts.StreamAsync(ingest, Enumerable.Range(0, Texts).Select(i => $"Streamed text {i} was rather good."), senders: 8, accepted);

        await AsyncTestHelpers.WaitUntilAsync(() => accepted.Count >= Texts / 5, s_storeTimeout);
        var killedInference = _wholeApp.Processes().Single(process => process.Replica == inference.ResourceId);
        Assert.True(killedInference.Kill(), $"{killedInference} could not be killed.");

        await AsyncTestHelpers.WaitUntilAsync(() => accepted.Count >= Texts / 2, s_storeTimeout);
        var killedResults = _wholeApp.Processes().Single(process => process.Replica == results.ResourceId);
        Assert.True(killedResults.Kill(), $"{killedResults} could not be killed.");

        await sending.DefaultTimeout(s_storeTimeout);
        await WaitForRestartAsync(inference.ResourceId, killedInference);
        await WaitForRestartAsync(results.ResourceId, killedResults);

        var ids = accepted.ToArray();
        Assert.Equal(Texts, ids.Length);
        var rows = await ResultRows.WaitForAsync(database, ids, s_storeTimeout).DefaultTimeout(s_storeTimeout + TimeSpan.FromSeconds(10));
        Assert.Equal(ids.Length, rows.Count);
        Assert.Equal(ids.Length, rows.Select(row => row.Id).Distinct().Count());
    }

    /// <summary>Waits until the replica runs again as a new process and is healthy.</summary>
    private async Task<ResourceEvent> WaitForRestartAsync(string replicaId, AppProcess killed)
    {
        ResourceEvent? restarted = null;
        await AsyncTestHelpers.WaitUntilAsync(
            () =>
            {
                restarted = _wholeApp.Resources.All().Single(e => e.ResourceId == replicaId);
                var running = _wholeApp.Processes().SingleOrDefault(process => process.Replica == replicaId);
                return running is not null && running != killed && restarted.Snapshot.HealthStatus == HealthStatus.Healthy;
            },
            s_restartTimeout);
        return restarted!;
    }

    public void Dispose() => _logsOnFailure.Dispose();

    private static int Restarts(ResourceEvent replica) =>
        replica.Snapshot.Properties.FirstOrDefault(property => property.Name == RestartsProperty)?.Value is string count
            ? int.Parse(count, CultureInfo.InvariantCulture)
            : 0;
}
