using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Testing;
using AiMesh.Tests;

namespace AiMesh.Benchmarks;

/// <summary>
/// The AiMesh AppHost's model started through the testing builder (free ports, a temporary state
/// directory). Ready once every resource is healthy and the Inference replicas together hold every
/// data-topic partition, so load spreads over all of them. Disposing stops every process.
/// </summary>
internal sealed class RunningPipeline : IAsyncDisposable
{
    private const string Inference = "inference";
    private const int DataTopicPartitions = 8;
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(4);

    private readonly DistributedApplication _app;

    private RunningPipeline(DistributedApplication app) => _app = app;

    public Uri IngestEndpoint => _app.GetEndpoint("ingest");

    public Uri ResultsEndpoint => _app.GetEndpoint("results");

    public static async Task<RunningPipeline> StartAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AiMesh_AppHost>();
        var pipeline = new RunningPipeline(await builder.BuildAsync());
        try
        {
            await pipeline._app.StartAsync().WaitAsync(s_startTimeout);
            foreach (var resource in pipeline._app.Resources.Where(r => r is not ParameterResource))
            {
                await pipeline._app.WaitForHealthyAsync(resource.Name, s_startTimeout);
            }

            await pipeline.WaitForInferenceGroupAsync();
            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every process the application runs now.</summary>
    public IReadOnlyList<AppProcess> Processes() =>
        [.. _app.ResourceNotifications.GetSnapshots()
            .SelectMany(resource => resource.Replicas
                .Where(replica => replica is { Pid: not null, ProcessStartTicks: not null })
                .Select(replica => new AppProcess(resource.Name, replica.Name, replica.Pid!.Value, (ulong)replica.ProcessStartTicks!.Value)))];

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task WaitForInferenceGroupAsync()
    {
        var replicas = _app.ResourceNotifications.GetSnapshot(Inference)!.Replicas.Count;
        var clients = Enumerable.Range(0, replicas).Select(i => _app.CreateHttpClient(Inference, replica: i)).ToList();
        try
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(s_startTimeout.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                var assignments = await Task.WhenAll(clients.Select(AssignedPartitionsAsync));
                if (assignments.All(partitions => partitions.Count > 0)
                    && assignments.SelectMany(partitions => partitions).Distinct().Count() == DataTopicPartitions)
                {
                    return;
                }

                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"The Inference replicas did not share data-topic's {DataTopicPartitions} partitions within {s_startTimeout.TotalMinutes} min.");
                }

                await Task.Delay(250);
            }
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
