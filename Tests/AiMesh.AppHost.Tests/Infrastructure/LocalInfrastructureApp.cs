using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Hosting;

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
        var builder = CreateBuilder();
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

    /// <summary>
    /// An inline model's builder. The testing builder finds DCP and the dashboard through metadata that
    /// only the AppHost's assembly carries, and looks for it on the call stack, where a test never has it;
    /// its overload that takes the AppHost's assembly is internal in 13.6, hence reflection.
    /// </summary>
    public static IDistributedApplicationTestingBuilder CreateBuilder(params string[] args)
    {
        var create = typeof(DistributedApplicationTestingBuilder).GetMethod(
            nameof(DistributedApplicationTestingBuilder.Create),
            BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static,
            [typeof(string[]), typeof(Action<DistributedApplicationOptions, HostApplicationBuilderSettings>), typeof(Assembly)])
            ?? throw new InvalidOperationException("Aspire.Hosting.Testing no longer has Create(args, configure, appHostAssembly).");
        Action<DistributedApplicationOptions, HostApplicationBuilderSettings> configure = (_, _) => { };
        return (IDistributedApplicationTestingBuilder)create.Invoke(null, [args, configure, typeof(Hosting.AppHostStateDirectory).Assembly])!;
    }

    /// <summary>Waits for the resource to be healthy; on timeout, says what state and health it was in.</summary>
    public async Task WaitHealthyAsync(string resourceName)
    {
        try
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resourceName).DefaultTimeout();
        }
        catch (TimeoutException e) when (App.ResourceNotifications.TryGetCurrentState(resourceName, out var last))
        {
            var health = string.Join("; ", last.Snapshot.HealthReports.Select(r => $"{r.Name}: {r.Status} {r.Description} {r.ExceptionText}"));
            throw new TimeoutException($"{resourceName} is {last.Snapshot.State?.Text}, health: {health}", e);
        }
    }

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
