using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

namespace AiMesh.Tests;

/// <summary>
/// The AiMesh AppHost's model started through Aspire's testing builder: every resource on loopback
/// and random ports, state in a temporary directory. Linked into the end-to-end tests and the pipeline benchmark. Ready once every resource is healthy and the
/// Inference replicas share data-topic's partitions between them. Disposing stops everything.
/// </summary>
internal sealed class WholeApp : IAsyncDisposable
{
    private const string InferenceResource = "inference";
    private const int DataTopicPartitions = 8;
    private const int LogLinesPerReplica = 60;
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(4);

    private readonly string _stateDirectory;

    private WholeApp(DistributedApplication app, string stateDirectory)
    {
        App = app;
        Resources = new AppResources(app);
        Logs = new ResourceLogTail(app, LogLinesPerReplica);
        _stateDirectory = stateDirectory;
    }

    public DistributedApplication App { get; }

    public AppResources Resources { get; }

    /// <summary>What each replica last wrote; still readable once the application has stopped.</summary>
    public ResourceLogTail Logs { get; }

    /// <param name="withDashboard">Also runs the Aspire dashboard, as the run command does (the testing builder leaves it out by default).</param>
    /// <param name="settings">AppHost settings, as <c>key=value</c>.</param>
    public static async Task<WholeApp> StartAsync(bool withDashboard = false, params string[] settings)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("aimesh-e2e-").FullName;
        var builder = await DistributedApplicationTestingBuilder
            .CreateAsync<Projects.AiMesh_AppHost>(
                new DistributedApplicationTestingBuilderOptions { EnableDashboard = withDashboard },
                [$"AppHost:StateDirectory={stateDirectory}", .. settings])
            .DefaultTimeout(s_startTimeout);
        var app = await builder.BuildAsync().DefaultTimeout(s_startTimeout);
        var wholeApp = new WholeApp(app, stateDirectory);
        try
        {
            await app.StartAsync().DefaultTimeout(s_startTimeout);
            // Resources that start only when asked (such as the hidden rebuilder Aspire adds to each
            // project for its Rebuild command) never become healthy by themselves.
            await wholeApp.WaitForHealthyAsync(builder.Resources
                .Where(r => r is not ParameterResource && !r.HasAnnotationOfType<ExplicitStartupAnnotation>())
                .Select(r => r.Name));

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
    public IReadOnlyList<AppProcess> Processes() => Resources.Processes();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().DefaultTimeout(TimeSpan.FromMinutes(1));
        await Logs.DisposeAsync();
        await App.DisposeAsync();
        await Resources.DisposeAsync();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    /// <summary>
    /// Waits until every resource is healthy; when one is not in time, says which, with the state
    /// and health of every replica, since a bare timeout does not tell what to look at.
    /// </summary>
    private async Task WaitForHealthyAsync(IEnumerable<string> resources)
    {
        using var timeout = new CancellationTokenSource(s_startTimeout);
        foreach (var resource in resources)
        {
            try
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                var states = Resources.All().Select(e =>
                    $"{e.ResourceId}: {e.Snapshot.State?.Text ?? "no state"}, {e.Snapshot.HealthStatus?.ToString() ?? "no health"}"
                    + string.Concat(e.Snapshot.HealthReports.Select(r => $" [{r.Name}: {r.Status} {r.Description} {r.ExceptionText}]")));
                throw new TimeoutException(
                    $"'{resource}' was not healthy within {s_startTimeout}.{System.Environment.NewLine}{string.Join(System.Environment.NewLine, states)}");
            }
        }
    }

    /// <summary>
    /// Waits until each Inference replica holds data-topic partitions and together they hold all of
    /// them: only then is a batch spread over every replica. Each replica is asked directly, at the
    /// address it listens on, since the resource's own endpoint picks a replica at random.
    /// </summary>
    private async Task WaitForInferenceGroupAsync()
    {
        await AsyncTestHelpers.WaitUntilAsync(
            async () =>
            {
                var replicas = Resources.Replicas(InferenceResource);
                if (replicas.Count == 0)
                {
                    return false;
                }

                var assignments = await Task.WhenAll(replicas.Select(AssignedPartitionsAsync));
                return assignments.All(partitions => partitions.Count > 0)
                    && assignments.SelectMany(partitions => partitions).Distinct().Count() == DataTopicPartitions;
            },
            s_startTimeout);
    }

    private static async Task<IReadOnlyList<int>> AssignedPartitionsAsync(ResourceEvent replica)
    {
        var url = AppResources.Environment(replica, "ASPNETCORE_URLS")?.Split(';')[0];
        if (url is null)
        {
            return [];
        }

        using var client = new HttpClient { BaseAddress = new Uri(url) };
        try
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/api/status");
            return [.. status.GetProperty("assignedPartitions").EnumerateArray().Select(partition => partition.GetInt32())];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }
}
