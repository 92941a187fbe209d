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
public sealed class RestartTests(WholeAppFixture fixture) : IClassFixture<WholeAppFixture>
{
    private const string RestartsProperty = "aimesh.restarts";
    private static readonly TimeSpan s_restartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_storeTimeout = TimeSpan.FromMinutes(3);

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

    private static int Restarts(ResourceEvent replica) =>
        replica.Snapshot.Properties.FirstOrDefault(property => property.Name == RestartsProperty)?.Value is string count
            ? int.Parse(count, CultureInfo.InvariantCulture)
            : 0;
}
