using System.Runtime.InteropServices;
using AiMesh.Hosting.ApplicationModel;
using AiMesh.Hosting.Console;
using AiMesh.Hosting.Orchestration;
using AiMesh.Hosting.Publishing;
using AiMesh.Hosting.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AiMesh.Hosting;

/// <summary>A built model: run it locally (with the console and status API), or publish its manifest.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ApplicationOrchestrator _orchestrator;
    private readonly SemaphoreSlim _lifecycleGate = new(1, 1);
    private StatusApi? _statusApi;
    private ConsoleReporter? _console;
    private bool _started;
    private bool _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        _loggerFactory = builder.Options.LoggerFactory ?? LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        _logger = _loggerFactory.CreateLogger("AiMesh.AppHost");
        StateDirectory = Orchestration.StateDirectory.Resolve(
            builder.Configuration["AppHost:StateDirectory"] ?? builder.Options.StateDirectory, builder.Environment.ApplicationName, builder.AppHostDirectory);
        ResourceLogs = new ResourceLoggerService(Path.Combine(StateDirectory, "logs"));
        _orchestrator = new ApplicationOrchestrator(
            builder.Resources, builder.Configuration, builder.Environment, builder.ExecutionContext, builder.Options,
            StateDirectory, ResourceNotifications, ResourceLogs, builder.Options.Timings, _logger);
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) => new DistributedApplicationBuilder(new DistributedApplicationOptions { Args = args });

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new DistributedApplicationBuilder(options);

    public IReadOnlyList<IResource> Resources => _builder.Resources;

    public ResourceNotificationService ResourceNotifications { get; } = new();

    public ResourceLoggerService ResourceLogs { get; }

    /// <summary>Logs, data and the process record of this AppHost.</summary>
    public string StateDirectory { get; }

    /// <summary>The status API's base address, once started.</summary>
    public Uri? StatusApiUrl => _statusApi?.Url;

    /// <summary>Starts every resource; in publish mode writes the manifest instead and starts nothing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_builder.ExecutionContext.IsPublishMode)
        {
            await ManifestPublisher.PublishAsync(_builder, _logger, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _lifecycleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                return;
            }

            _started = true;
            if (_builder.Options.StreamConsoleOutput)
            {
                _console = new ConsoleReporter(ResourceNotifications, ResourceLogs, SecretMasker.For(_builder.Resources).Apply);
                _console.Start();
            }

            // The status port first: if another AppHost holds it, fail before starting anything.
            var statusPort = _builder.Configuration.GetValue<int?>("AppHost:StatusPort") ?? _builder.Options.StatusPort ?? StatusApi.DefaultPort;
            _statusApi = await StatusApi.StartAsync(statusPort, ResourceNotifications, ResourceLogs, SecretMasker.For(_builder.Resources), cancellationToken).ConfigureAwait(false);
            await _orchestrator.StartAsync(cancellationToken).ConfigureAwait(false);
            _console?.ShowStatusApi(_statusApi.Url, StateDirectory);
        }
        catch
        {
            await StopCoreAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _lifecycleGate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycleGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycleGate.Release();
        }
    }

    /// <summary>
    /// Runs until Ctrl-C or SIGTERM, then stops everything.
    /// A second Ctrl-C kills what is still running at once.
    /// In publish mode (<c>--publisher manifest</c>) writes the manifest and returns.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (_builder.ExecutionContext.IsPublishMode)
        {
            try
            {
                await ManifestPublisher.PublishAsync(_builder, _logger, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // The console logger writes from a background thread that dies with the process, and a publish
                // run exits right after this: flush now or the user never sees where the manifest went.
                if (_builder.Options.LoggerFactory is null)
                {
                    _loggerFactory.Dispose();
                }
            }

            return;
        }

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) > 1)
            {
                _orchestrator.Registry.KillAll();
            }

            shutdown.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await StartAsync(shutdown.Token).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
        }
        finally
        {
            _console?.ShowStopping();
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            _console?.ShowStopped();
        }
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>The connection string a referencing resource would get.</summary>
    public async Task<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default) =>
        FindResource(resourceName) is IResourceWithConnectionString resource
            ? await resource.GetConnectionStringExpression().GetValueAsync(cancellationToken).ConfigureAwait(false)
            : throw new DistributedApplicationException($"Resource '{resourceName}' has no connection string.");

    /// <summary>The URL of one replica's endpoint (the first HTTP endpoint when none is named).</summary>
    public Uri GetEndpoint(string resourceName, string? endpointName = null, int replica = 0)
    {
        var resource = FindResource(resourceName);
        var endpoint = resource.GetEndpoints().FirstOrDefault(e => endpointName is null ? e.IsHttp : e.Name == endpointName)
            ?? throw new DistributedApplicationException($"Resource '{resourceName}' has no endpoint {(endpointName is null ? "for HTTP" : $"named '{endpointName}'")}.");
        return endpoint.Allocated.Count > replica
            ? endpoint.Allocated[replica].Uri
            : throw new DistributedApplicationException($"Resource '{resourceName}' has no replica {replica} with an allocated '{endpoint.Name}' endpoint: start the application first.");
    }

    /// <summary>An HttpClient addressed to one replica of the resource.</summary>
    public HttpClient CreateHttpClient(string resourceName, string? endpointName = null, int replica = 0) =>
        new() { BaseAddress = GetEndpoint(resourceName, endpointName, replica) };

    /// <summary>Raised once the application stopped and released everything (the testing builder cleans up here).</summary>
    internal event Action? Disposed;

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        ResourceLogs.Dispose();
        Disposed?.Invoke();
        _console?.Dispose();
        if (_builder.Options.LoggerFactory is null)
        {
            _loggerFactory.Dispose();
        }
    }

    private async Task StopCoreAsync()
    {
        if (_stopped || !_started)
        {
            return;
        }

        _stopped = true;
        if (_statusApi is not null)
        {
            await _statusApi.DisposeAsync().ConfigureAwait(false);
        }

        await _orchestrator.StopAsync(_builder.Options.ShutdownTimeout).ConfigureAwait(false);
    }

    private IResource FindResource(string name) =>
        _builder.Resources.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new DistributedApplicationException($"There is no resource named '{name}'.");
}
