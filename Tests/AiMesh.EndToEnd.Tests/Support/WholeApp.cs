using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Testing;

namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>
/// The AiMesh AppHost's model started through the testing builder: every resource on loopback and
/// free ports, state in a temporary directory. Ready once every resource is healthy and the four
/// Inference replicas share data-topic's partitions between them. Disposing stops everything.
/// </summary>
internal sealed class WholeApp : IAsyncDisposable
{
    private const string InferenceResource = "inference";
    private const int DataTopicPartitions = 8;
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(4);

    private WholeApp(DistributedApplication app) => App = app;

    public DistributedApplication App { get; }

    public static async Task<WholeApp> StartAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AiMesh_AppHost>().DefaultTimeout();
        var app = await builder.BuildAsync().DefaultTimeout();
        var wholeApp = new WholeApp(app);
        try
        {
            await app.StartAsync().DefaultTimeout(s_startTimeout);
            foreach (var resource in app.Resources.Where(r => r is not ParameterResource))
            {
                await app.WaitForHealthyAsync(resource.Name).DefaultTimeout(s_startTimeout);
            }

            await wholeApp.WaitForInferenceGroupAsync();
            return wholeApp;
        }
        catch
        {
            await wholeApp.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every process the application runs now, each named by pid and start time.</summary>
    public IReadOnlyList<AppProcess> Processes() =>
        [.. App.ResourceNotifications.GetSnapshots()
            .SelectMany(snapshot => snapshot.Replicas
                .Where(replica => replica is { Pid: not null, ProcessStartTicks: not null })
                .Select(replica => new AppProcess(snapshot.Name, replica.Name, replica.Pid!.Value, (ulong)replica.ProcessStartTicks!.Value)))];

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    /// <summary>
    /// Waits until each Inference replica holds data-topic partitions and together they hold all of
    /// them: only then is a batch spread over every replica. The mock broker's group joins take
    /// seconds each, so this is the slowest part of starting.
    /// </summary>
    private async Task WaitForInferenceGroupAsync()
    {
        var replicas = App.ResourceNotifications.GetSnapshot(InferenceResource)!.Replicas.Count;
        var clients = Enumerable.Range(0, replicas).Select(i => App.CreateHttpClient(InferenceResource, replica: i)).ToList();
        try
        {
            await AsyncTestHelpers.WaitUntilAsync(
                async () =>
                {
                    var assignments = await Task.WhenAll(clients.Select(AssignedPartitionsAsync));
                    return assignments.All(partitions => partitions.Count > 0)
                        && assignments.SelectMany(partitions => partitions).Distinct().Count() == DataTopicPartitions;
                },
                s_startTimeout);
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    private static async Task<IReadOnlyList<int>> AssignedPartitionsAsync(HttpClient inference)
    {
        var status = await inference.GetFromJsonAsync<JsonElement>("/api/status");
        return [.. status.GetProperty("assignedPartitions").EnumerateArray().Select(partition => partition.GetInt32())];
    }
}
