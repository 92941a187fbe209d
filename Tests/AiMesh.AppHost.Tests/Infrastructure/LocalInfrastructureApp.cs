using System.Globalization;

namespace AiMesh.AppHost.Tests.Infrastructure;

/// <summary>
/// A small inline model started through Aspire's testing builder, its state directory in a fresh temp
/// directory that goes when the app is disposed.
/// </summary>
internal sealed class LocalInfrastructureApp : IAsyncDisposable
{
    private LocalInfrastructureApp(DistributedApplication app, string stateDirectory)
    {
        App = app;
        StateDirectory = stateDirectory;
    }

    public DistributedApplication App { get; }

    public string StateDirectory { get; }

    public static async Task<LocalInfrastructureApp> StartAsync(
        Action<IDistributedApplicationTestingBuilder> model, string? stateDirectory = null, IDictionary<string, string?>? configuration = null)
    {
        stateDirectory ??= Directory.CreateTempSubdirectory("aimesh-apphost-test-").FullName;
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.Configuration["AppHost:StateDirectory"] = stateDirectory;
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        model(builder);
        var app = await builder.BuildAsync().DefaultTimeout();
        await app.StartAsync().DefaultTimeout();
        return new LocalInfrastructureApp(app, stateDirectory);
    }

    public Task WaitHealthyAsync(string resourceName) =>
        App.ResourceNotifications.WaitForResourceHealthyAsync(resourceName).DefaultTimeout();

    public async Task<string> ConnectionStringAsync(string resourceName) =>
        await App.GetConnectionStringAsync(resourceName).AsTask().DefaultTimeout()
            ?? throw new InvalidOperationException($"{resourceName} has no connection string.");

    /// <summary>The process id DCP started for an executable resource, from its dashboard properties.</summary>
    public int ProcessId(string resourceName)
    {
        Assert.True(App.ResourceNotifications.TryGetCurrentState(resourceName, out var resourceEvent));
        var pid = resourceEvent.Snapshot.Properties.Single(p => p.Name == "executable.pid");
        return Convert.ToInt32(pid.Value, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().DefaultTimeout();
        await App.DisposeAsync();
        Directory.Delete(StateDirectory, recursive: true);
    }

    /// <summary>Stops and disposes the app but keeps its state directory, for a second start on the same data.</summary>
    public async Task StopKeepingStateAsync()
    {
        await App.StopAsync().DefaultTimeout();
        await App.DisposeAsync();
    }
}
